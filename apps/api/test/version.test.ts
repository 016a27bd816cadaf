import { readFileSync } from 'node:fs';
import { MIGRATION_NAMES } from '@parley/db';
import { versionSchema } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { ApiClient } from './support/http.js';
import { appSuite } from './support/suite.js';

const PACKAGE_VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
const COMMIT = 'c0ffee0123456789abcdef0123456789abcdef01';

describe('GET /api/version', () => {
  appSuite('version', { env: { PARLEY_COMMIT: COMMIT } }, (sut) => {
    it('names the version, the commit and the migrations the database has run, to anyone', async () => {
      const response = await new ApiClient(sut.baseUrl).get('/api/version');

      expect(response.status).toBe(200);
      expect(versionSchema.parse(response.body)).toEqual({
        version: PACKAGE_VERSION,
        commit: COMMIT,
        migrations: { applied: MIGRATION_NAMES.length, latest: MIGRATION_NAMES.at(-1), pending: 0 },
      });
    });
  });
});
