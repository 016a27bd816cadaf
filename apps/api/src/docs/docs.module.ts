import { readFileSync } from 'node:fs';
import { Module } from '@nestjs/common';
import { DocsController, OPENAPI_DOCUMENT } from './docs.controller.js';
import { buildOpenApiDocument } from './openapi.js';

// apps/api/package.json, from src/docs or dist/docs alike.
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

@Module({
  controllers: [DocsController],
  // Built once at boot: a catalogue entry that cannot be documented stops the app from starting.
  providers: [{ provide: OPENAPI_DOCUMENT, useFactory: () => buildOpenApiDocument(version) }],
})
export class DocsModule {}
