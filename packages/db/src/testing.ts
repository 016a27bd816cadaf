import { randomBytes } from 'node:crypto';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import pg from 'pg';
import { createDatabase, databasePlugins, type Database, type DatabaseEngine } from './database.js';
import type { DB } from './schema.js';
import { migrateToLatest } from './migrate.js';
import { seed } from './seed.js';

/**
 * Engines the test suites run on: embedded PGlite always, and real Postgres when DATABASE_URL is
 * set. CI must set it: a CI run without a reachable Postgres fails instead of quietly skipping.
 */
export function testEngines(): DatabaseEngine[] {
  if (process.env.CI && !process.env.DATABASE_URL) {
    throw new Error('CI must run the suites against real Postgres: set DATABASE_URL');
  }
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase extends Database {
  /** postgres:// URL of the throwaway database (Postgres engine only). */
  url?: string;
}

/**
 * A fresh, empty database of one engine: an in-memory PGlite, or a throwaway database created on
 * the server named by DATABASE_URL and dropped on close. `prepare` migrates and seeds it.
 */
export async function createTestDatabase(
  engine: DatabaseEngine,
  options: { prepare?: boolean } = {},
): Promise<TestDatabase> {
  let database: TestDatabase;
  if (engine === 'pglite') {
    database = await createDatabase({ dataDir: 'memory://' });
  } else {
    const adminUrl = process.env.DATABASE_URL;
    if (!adminUrl) throw new Error('DATABASE_URL is not set');
    const name = `parley_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const inner = await createDatabase({ databaseUrl: url.href, poolSize: 5 });
    database = {
      ...inner,
      url: url.href,
      close: async () => {
        await inner.close();
        const dropper = new pg.Client({ connectionString: adminUrl });
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await dropper.end();
      },
    };
  }
  if (options.prepare) {
    await migrateToLatest(database.db);
    await seed(database.db);
  }
  return database;
}

/**
 * A handle that compiles queries as the app's handles do (Postgres dialect, same plugins) but
 * reaches no database: for unit specs that check the SQL a query builder writes.
 */
export function compileOnlyDatabase(): Kysely<DB> {
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    plugins: databasePlugins(),
  });
}
