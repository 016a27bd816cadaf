import { sql, type Database, type DB, type Kysely } from '@parley/db';

/** Two imports of one source share its staging rows: the second must not start while the first runs. */
export class ImportLockedError extends Error {
  constructor(readonly source: string) {
    super(
      `another import of this source (${source}) is running: wait for it to end, then run this one again`,
    );
  }
}

/** The advisory lock's key text: hashed by Postgres (`hashtext`) into the lock's number. */
export function importLockKey(source: string): string {
  return `parley import ${source}`;
}

/**
 * Runs `work` holding a session advisory lock on the source, refused (ImportLockedError) when another
 * session holds it. On Postgres the lock lives on one pooled connection kept for the whole run (the
 * work uses the others); PGlite has a single session, so the same SQL runs on it directly.
 */
export async function withImportLock<T>(
  database: Database,
  source: string,
  work: () => Promise<T>,
): Promise<T> {
  const key = importLockKey(source);
  const holdWhile = async (session: Kysely<DB>): Promise<T> => {
    const { rows } = await sql<{
      locked: boolean;
    }>`SELECT pg_try_advisory_lock(hashtext(${key})) AS locked`.execute(session);
    if (!rows[0]?.locked) throw new ImportLockedError(source);
    try {
      return await work();
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtext(${key}))`.execute(session);
    }
  };
  if (database.engine === 'pglite') return holdWhile(database.db);
  return database.db.connection().execute(holdWhile);
}
