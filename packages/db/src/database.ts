import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { DB } from './schema.js';

export type DatabaseEngine = 'postgres' | 'pglite';

export interface DatabaseOptions {
  /** A postgres:// URL. When absent, an embedded PGlite database is used. */
  databaseUrl?: string;
  /** Where PGlite keeps its files; `memory://` keeps nothing (tests). */
  dataDir?: string;
  /** pg pool size (Postgres engine only). */
  poolSize?: number;
  /**
   * Longest wait for a connection, new or from the pool (Postgres engine only; default 3000 ms).
   * Past it the query fails instead of queueing behind a server that does not answer.
   */
  connectTimeoutMs?: number;
  /**
   * Server-side `statement_timeout` of every connection (Postgres engine only; default 10000 ms).
   * The client gives up on an answer 2 s after it, for when the server cannot even say it gave up.
   */
  statementTimeoutMs?: number;
  /**
   * Called with connection-level errors of pooled clients (a reset connection, the server going
   * away). They are also the failure of whatever query was running, so this is for logs only;
   * without a listener such an error would end the process.
   */
  onConnectionError?: (error: Error) => void;
}

export interface Database {
  db: Kysely<DB>;
  engine: DatabaseEngine;
  /** A short description for logs and /api/health, never containing a password. */
  describe: string;
  /** The pg pool's connections now (Postgres engine only): for metrics. */
  poolStats?: () => { open: number; idle: number; waiting: number; max: number };
  close(): Promise<void>;
}

export const DEFAULT_DATA_DIR = './.parley-data';

// timestamptz and arrays come back as Date and string[] on both engines; int8 (count(*)) as number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** The one factory for a database handle: Kysely over a pg pool, or over embedded PGlite. */
export async function createDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const plugins = [new CamelCasePlugin()];
  if (options.databaseUrl) {
    const url = new URL(options.databaseUrl);
    const statementTimeoutMs = options.statementTimeoutMs ?? 10_000;
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
      statement_timeout: statementTimeoutMs,
      query_timeout: statementTimeoutMs + 2000,
      // Notices a peer that vanished without a reset (a partition) on idle connections.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    const onConnectionError = options.onConnectionError ?? (() => undefined);
    // An idle client's error (the server restarting) is reported here by the pool…
    pool.on('error', onConnectionError);
    // …but a checked-out client's is emitted on the client alone, where the pool has taken its own
    // listener off: with none left, a connection reset mid-query would end the process.
    pool.on('connect', (client) => client.on('error', onConnectionError));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins });
    return {
      db,
      engine: 'postgres',
      describe: `postgres ${url.hostname}:${url.port || 5432}${url.pathname}`,
      poolStats: () => ({
        open: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
        max: pool.options.max ?? 10,
      }),
      close: () => db.destroy(),
    };
  }

  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  let location = dataDir;
  if (!dataDir.startsWith('memory://')) {
    location = resolve(dataDir);
    mkdirSync(location, { recursive: true });
  }
  const pglite = await PGlite.create(location === 'memory://' ? undefined : location);
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), plugins });
  return { db, engine: 'pglite', describe: `pglite ${location}`, close: () => db.destroy() };
}

/** Throws when the database does not answer. */
export async function pingDatabase(db: Kysely<DB>): Promise<void> {
  await sql`select 1`.execute(db);
}
