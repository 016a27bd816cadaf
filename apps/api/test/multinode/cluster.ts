import { randomBytes } from 'node:crypto';
import type { DB, Kysely } from '@parley/db';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { ADMIN } from '../support/app.js';
import type { TestUser } from '../support/factories.js';
import { ApiClient } from '../support/http.js';
import { closeAllSockets } from '../support/sockets.js';
import { ensureBuilt, startNode, type ApiNode } from './node.js';

/**
 * What the multi-node suites need and lack (DATABASE_URL, REDIS_URL). CI must run them, so there a
 * lack throws; a local run without the services warns and skips the file.
 */
export function missingServices(file: string): string[] {
  const missing = ['DATABASE_URL', 'REDIS_URL'].filter((name) => !process.env[name]);
  if (missing.length > 0 && process.env.CI) {
    throw new Error(
      `CI must run the multi-node suite: set ${missing.join(' and ')} (a Postgres whose user may create databases, and a Redis)`,
    );
  }
  if (missing.length > 0) {
    console.warn(
      `${file} skipped: set ${missing.join(' and ')} to run two API nodes against real Postgres and Redis`,
    );
  }
  return missing;
}

/** Connects to REDIS_URL once, failing (not skipping) with a clear message when it is set but does not answer. */
async function connectRedis(url: string) {
  const client = createClient({ url, socket: { connectTimeout: 3000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return client;
  } catch (error) {
    throw new Error(`REDIS_URL is set but Redis at ${new URL(url).host} does not answer: ${String(error)}`);
  }
}

async function createDatabase(): Promise<TestDatabase> {
  try {
    return await createTestDatabase('postgres');
  } catch (error) {
    const host = new URL(process.env.DATABASE_URL!).host;
    throw new Error(
      `DATABASE_URL is set but no throwaway database could be created on ${host}: ${String(error)}`,
    );
  }
}

export interface TwoNodes {
  /** The node, for tests: beforeAll has started both or failed. */
  A(): ApiNode;
  B(): ApiNode;
  /** The database both nodes serve (read it once beforeAll has run). */
  readonly db: Kysely<DB>;
}

/**
 * Two real API processes (the built dist/main.js) over one throwaway Postgres database and one Redis
 * prefix, started in the calling describe's beforeAll and stopped (the Redis keys removed) after it.
 */
export function twoNodes(): TwoNodes {
  const prefix = `parley-mn-${randomBytes(6).toString('hex')}`;
  let database: TestDatabase | undefined;
  let redis: Awaited<ReturnType<typeof connectRedis>> | undefined;
  let nodeA: ApiNode | undefined;
  let nodeB: ApiNode | undefined;

  beforeAll(async () => {
    await ensureBuilt();
    redis = await connectRedis(process.env.REDIS_URL!);
    database = await createDatabase();
    const env = {
      DATABASE_URL: database.url!,
      DATABASE_POOL_SIZE: '5',
      REDIS_URL: process.env.REDIS_URL!,
      PARLEY_REDIS_PREFIX: prefix,
      PARLEY_ADMIN: `${ADMIN.username}:${ADMIN.password}`,
      PARLEY_WEB_DIST: '/nonexistent',
      PARLEY_SIGNUPS_PER_HOUR: '1000000',
      PARLEY_SOCKETS_PER_ADDRESS: '1000000',
    };
    // Both at once, as a rolling deploy does: migrations, seed and the admin account must not race.
    const [a, b] = await Promise.allSettled([startNode('A', env), startNode('B', env)]);
    if (a.status === 'fulfilled') nodeA = a.value;
    if (b.status === 'fulfilled') nodeB = b.value;
    if (a.status === 'rejected') throw a.reason;
    if (b.status === 'rejected') throw b.reason;
  }, 180_000);

  afterEach(() => {
    closeAllSockets();
  });

  afterAll(async () => {
    closeAllSockets();
    await Promise.all([nodeA?.stop(), nodeB?.stop()]);
    await database?.close();
    if (redis?.isOpen) {
      for await (const keys of redis.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 })) {
        if (keys.length > 0) await redis.del(keys);
      }
      await redis.close();
    }
  }, 60_000);

  return {
    A: () => nodeA!,
    B: () => nodeB!,
    get db() {
      if (!database) throw new Error('the nodes start in beforeAll');
      return database.db;
    },
  };
}

/** The same signed-in person talking to another node (the session lives in Postgres). */
export function on(node: ApiNode, user: TestUser): ApiClient {
  const client = new ApiClient(node.baseUrl);
  client.cookie = user.client.cookie;
  return client;
}

export function commentsPath(slug: string): string {
  return `/api/stories/${slug}/comments`;
}
