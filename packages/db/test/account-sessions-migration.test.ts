import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigrator, migrateToLatest } from '../src/migrate.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../src/testing.js';

describe('2026_12_07_0006_account_sessions', () => {
  describe.each(testEngines())('on %s', (engine) => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase(engine);
      await createMigrator(database.db).migrateTo('2026_12_07_0002_confirmed_email_uniqueness');
    });

    afterAll(async () => {
      await database?.close();
    });

    it('gives sessions that exist an id and a last use at their start, and goes down again', async () => {
      const db = database.db as unknown as Kysely<any>;
      const user = await db
        .insertInto('users')
        .values({ username: 'sessions_owner', displayName: 'Owner', passwordHash: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const createdAt = new Date('2026-12-01T10:00:00.000Z');
      for (const tokenHash of ['first', 'second']) {
        await db
          .insertInto('sessions')
          .values({ tokenHash, userId: user.id, createdAt, expiresAt: new Date(Date.now() + 3600_000) })
          .execute();
      }

      await migrateToLatest(database.db);
      const rows = await db.selectFrom('sessions').select(['id', 'lastSeenAt', 'userAgent']).execute();

      expect(new Set(rows.map((row) => row.id)).size).toBe(2);
      expect(rows.map((row) => (row.lastSeenAt as Date).toISOString())).toEqual([
        createdAt.toISOString(),
        createdAt.toISOString(),
      ]);
      expect(rows.map((row) => row.userAgent)).toEqual([null, null]);

      await createMigrator(database.db).migrateTo('2026_12_07_0002_confirmed_email_uniqueness');
      const columns = await sql<{ columnName: string }>`SELECT column_name FROM information_schema.columns
        WHERE table_name = 'sessions' ORDER BY column_name`.execute(db);
      expect(columns.rows.map((row) => row.columnName)).toEqual([
        'created_at',
        'expires_at',
        'token_hash',
        'user_id',
      ]);
    });
  });
});
