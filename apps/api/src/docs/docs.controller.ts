import { Controller, Header, Inject } from '@nestjs/common';
import { API_REFERENCE_PAGE } from './api-reference.js';
import type { OpenApiDocument } from './openapi.js';
import { Route } from '../common/route.js';

export const OPENAPI_DOCUMENT = Symbol('OPENAPI_DOCUMENT');

/** The API reference: the OpenAPI document, and a page to read it (both public). */
@Controller()
export class DocsController {
  constructor(@Inject(OPENAPI_DOCUMENT) private readonly document: OpenApiDocument) {}

  @Route('getOpenApiDocument')
  openApi(): OpenApiDocument {
    return this.document;
  }

  @Route('getApiReference')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  page(): string {
    return API_REFERENCE_PAGE;
  }
}
