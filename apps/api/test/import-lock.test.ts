import { createDatabase, sql, type Database, type DatabaseEngine } from '@parley/db';
import { createTestDatabase, testEngines, type TestDatabase } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportLockedError, importLockKey, withImportLock } from '../src/import/import-lock.js';

describe(withImportLock.name, () => {
  describe.each(testEngines())('on %s', (engine: DatabaseEngine) => {
    let sut: TestDatabase;
    /** On Postgres, a second process's connection (its own pool, as another `pnpm parley import` has). */
    let other: Database | undefined;

    beforeAll(async () => {
      sut = await createTestDatabase(engine);
      if (sut.url) other = await createDatabase({ databaseUrl: sut.url, poolSize: 1 });
    }, 60_000);
    afterAll(async () => {
      await other?.close();
      await sut?.close();
    });

    /** Advisory locks held now, by any session on this test's database (other databases' tests run beside it). */
    async function advisoryLocks(): Promise<number> {
      const { rows } = await sql<{
        held: number;
      }>`SELECT count(*)::int AS held FROM pg_locks
        WHERE locktype = 'advisory' AND granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`.execute(sut.db);
      return rows[0]!.held;
    }

    // PGlite has one session, and a session may take its own advisory lock again: there a second
    // import is kept out by the data directory's owner check (cli/database.ts) instead.
    it.runIf(engine === 'postgres')(
      'refuses a second import of the same source while the first runs, not one of another source',
      async () => {
        const seen: string[] = [];
        await withImportLock(sut, 'disqus', async () => {
          await expect(withImportLock(sut, 'disqus', async () => seen.push('twice'))).rejects.toThrow(
            ImportLockedError,
          );
          await withImportLock(sut, 'wordpress', async () => seen.push('wordpress'));
          seen.push('disqus');
        });
        expect(seen).toEqual(['wordpress', 'disqus']);
      },
    );

    it('holds an advisory lock while the work runs and releases it after, also when the work fails', async () => {
      await expect(withImportLock(sut, 'disqus', advisoryLocks)).resolves.toBe(1);
      expect(await advisoryLocks()).toBe(0);
      await expect(
        withImportLock(sut, 'disqus', () => Promise.reject(new Error('the file broke'))),
      ).rejects.toThrow('the file broke');
      expect(await advisoryLocks()).toBe(0);
    });

    it.runIf(engine === 'postgres')('is refused while another session holds the lock', async () => {
      const key = importLockKey('disqus');
      await other!.db.connection().execute(async (session) => {
        await sql`SELECT pg_advisory_lock(hashtext(${key}))`.execute(session);
        try {
          await expect(withImportLock(sut, 'disqus', async () => 'ran')).rejects.toThrow(
            /another import of this source \(disqus\) is running/,
          );
        } finally {
          await sql`SELECT pg_advisory_unlock(hashtext(${key}))`.execute(session);
        }
      });
      await expect(withImportLock(sut, 'disqus', async () => 'ran')).resolves.toBe('ran');
    });
  });
});
