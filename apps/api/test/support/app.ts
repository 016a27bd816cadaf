import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DB, DatabaseEngine, Kysely } from '@parley/db';
import { createTestDatabase, testEngines, type TestDatabase } from '@parley/db/testing';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { KYSELY } from '../../src/database/database.module.js';

export const ADMIN = { username: 'admin', password: 'admin-password-1' } as const;

/**
 * For the beforeAll that boots an app: PGlite start-up takes 2 s on an idle machine, but over a
 * minute when this 2-core machine is also building and running browsers.
 */
export const BOOT_TIMEOUT_MS = 180_000;

/** One way an integration file runs: a database engine, and (on Postgres, when CI has one) Redis. */
export interface Setup {
  engine: DatabaseEngine;
  redis: boolean;
  label: string;
}

/**
 * The setups every integration file runs under: embedded PGlite single-node, and real Postgres
 * (with the Redis adapter and shared rate limiters when REDIS_URL is set), as production runs.
 */
export function testSetups(): Setup[] {
  return testEngines().map((engine) => {
    const redis = engine === 'postgres' && Boolean(process.env.REDIS_URL);
    return { engine, redis, label: redis ? `${engine} + redis` : engine };
  });
}

/** `describe.each(setupTable())('… over %s', (_label, setup) => …)`: the label reads plainly in reports. */
export function setupTable(): (readonly [string, Setup])[] {
  return testSetups().map((setup) => [setup.label, setup] as const);
}

export interface TestApp {
  app: NestExpressApplication;
  baseUrl: string;
  /** The app's own Kysely handle (on PGlite the only connection there is). */
  db: Kysely<DB>;
  /** The environment it was started with (another node can join its database and Redis prefix). */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface StartOptions {
  engine: DatabaseEngine;
  /** Use REDIS_URL (adapter + rate limiters) under a random key prefix; ignored when it is unset. */
  redis?: boolean;
  env?: Record<string, string>;
  /** A second node of the same site: the other app's Postgres database and Redis prefix (Postgres only). */
  joinTo?: TestApp;
  /** An existing Postgres database to serve (a restored backup), left in place on close (Postgres only). */
  databaseUrl?: string;
}

/**
 * Boots the whole app on a random port over a throwaway database. The app migrates and seeds it
 * itself at boot, as in production; createTestDatabase only makes (and later drops) the Postgres database.
 */
export async function startApp(options: StartOptions): Promise<TestApp> {
  let database: TestDatabase | undefined;
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    PARLEY_ADMIN: `${ADMIN.username}:${ADMIN.password}`,
    // No built web app in these tests: the API only.
    PARLEY_WEB_DIST: '/nonexistent',
    // Suites register many users from 127.0.0.1; the sign-up limit has its own tests.
    PARLEY_SIGNUPS_PER_HOUR: '1000000',
    // Suites make many stories from 127.0.0.1; the creation limit has its own test (stories-resolve.test.ts).
    PARLEY_STORIES_PER_HOUR: '1000000',
    // All test sockets come from 127.0.0.1; the per-address cap has its own tests.
    PARLEY_SOCKETS_PER_ADDRESS: '1000000',
    // Suites mail the same readers again and again; the per-recipient cap has its own test (mail-cap.test.ts).
    PARLEY_MAIL_PER_RECIPIENT_PER_DAY: '1000000',
  };
  if (options.joinTo) {
    for (const name of ['DATABASE_URL', 'DATABASE_POOL_SIZE', 'REDIS_URL', 'PARLEY_REDIS_PREFIX']) {
      const value = options.joinTo.env[name];
      if (value !== undefined) env[name] = value;
    }
  } else if (options.engine === 'postgres' && options.databaseUrl) {
    env.DATABASE_URL = options.databaseUrl;
    env.DATABASE_POOL_SIZE = '5';
  } else if (options.engine === 'postgres') {
    database = await createTestDatabase('postgres');
    env.DATABASE_URL = database.url!;
    env.DATABASE_POOL_SIZE = '5';
  } else {
    env.PARLEY_DATA_DIR = 'memory://';
  }
  if (options.redis && process.env.REDIS_URL && !options.joinTo) {
    env.REDIS_URL = process.env.REDIS_URL;
    env.PARLEY_REDIS_PREFIX = `parley-test-${randomBytes(6).toString('hex')}`;
  }

  const started = { ...env, ...options.env };
  const config = loadConfig(started);
  let app: NestExpressApplication;
  try {
    app = await createApp(config, { logger: false });
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await database?.close();
    throw error;
  }
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('the app is not listening on a TCP port');

  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    db: app.get<Kysely<DB>>(KYSELY),
    env: started,
    close: async () => {
      try {
        await app.close();
      } finally {
        // The pool createTestDatabase opened is idle; closing it drops the throwaway database.
        await database?.close();
      }
    },
  };
}
