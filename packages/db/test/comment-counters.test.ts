import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../src/schema.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../src/testing.js';
import { setStatus } from './counters.js';
import { createComment, createStory, createUser, findComment, findStory } from './factories.js';

describe.each(testEngines())('counter triggers on %s', (engine) => {
  let database: TestDatabase;
  let db: Kysely<DB>;

  beforeAll(async () => {
    database = await createTestDatabase(engine, { prepare: true });
    db = database.db;
  });

  afterAll(async () => {
    await database?.close();
  });

  describe('comment.replyCount', () => {
    it('counts visible direct replies only', async () => {
      const story = await createStory(db);
      const author = await createUser(db);
      const parent = await createComment(db, { story, author });
      const replyCount = async () => (await findComment(db, parent.id)).replyCount;

      const first = await createComment(db, { story, author, parent });
      const second = await createComment(db, { story, author, parent, status: 'pending' });
      await createComment(db, { story, author, parent: first });
      expect(await replyCount(), 'a grandchild is not a direct reply').toBe(1);
      expect((await findComment(db, first.id)).replyCount).toBe(1);

      await setStatus(db, second.id, 'approved');
      expect(await replyCount()).toBe(2);
      await setStatus(db, first.id, 'pending');
      expect(await replyCount()).toBe(1);
      await setStatus(db, second.id, 'deleted');
      expect(await replyCount()).toBe(0);
      await setStatus(db, first.id, 'published');
      await db.deleteFrom('comments').where('id', '=', first.id).execute();
      expect(await replyCount(), 'hard delete').toBe(0);
      expect(await findStory(db, story.id)).toMatchObject({ commentCount: 1 });
    });

    it('bumps the parent’s updatedAt so catch-up after a reconnect sees the new count', async () => {
      const story = await createStory(db);
      const author = await createUser(db);
      const parent = await createComment(db, { story, author });
      await db
        .updateTable('comments')
        .set({ updatedAt: new Date('2000-01-01T00:00:00Z') })
        .where('id', '=', parent.id)
        .execute();

      await createComment(db, { story, author, parent });

      expect((await findComment(db, parent.id)).updatedAt.getTime()).toBeGreaterThan(
        Date.parse('2001-01-01'),
      );
    });
  });

  describe('a transaction that keeps the counters itself (parley.bulk_counters, as imports do)', () => {
    it('is left its rows, and only it: the next transaction on the same session is counted again', async () => {
      const story = await createStory(db);
      const author = await createUser(db);
      const parent = await createComment(db, { story, author });

      await db.transaction().execute(async (trx) => {
        await sql`SET LOCAL parley.bulk_counters = 'on'`.execute(trx);
        await createComment(trx, { story, author, parent });
      });
      expect((await findComment(db, parent.id)).replyCount, 'skipped by the trigger').toBe(0);
      expect(await findStory(db, story.id)).toMatchObject({ commentCount: 1 });

      await db.transaction().execute(async (trx) => {
        await createComment(trx, { story, author, parent });
      });
      expect((await findComment(db, parent.id)).replyCount, 'counted again').toBe(1);
      expect(await findStory(db, story.id)).toMatchObject({ commentCount: 2 });
    });
  });

  describe('comment.reactionCount', () => {
    it('follows reactions added and removed', async () => {
      const story = await createStory(db);
      const author = await createUser(db);
      const comment = await createComment(db, { story, author });
      const readers = [await createUser(db), await createUser(db), await createUser(db)];

      await db
        .insertInto('reactions')
        .values(
          readers.map((reader) => ({ commentId: comment.id, userId: reader.id, kind: 'like' as const })),
        )
        .execute();
      expect((await findComment(db, comment.id)).reactionCount).toBe(3);

      await db
        .deleteFrom('reactions')
        .where('commentId', '=', comment.id)
        .where('userId', '=', readers[0]!.id)
        .execute();
      expect((await findComment(db, comment.id)).reactionCount).toBe(2);
      await db.deleteFrom('users').where('id', '=', readers[1]!.id).execute();
      expect((await findComment(db, comment.id)).reactionCount, 'a deleted user’s reaction goes too').toBe(1);
    });
  });

  describe('comment.reportCount', () => {
    it('counts open reports; resolving or deleting one decrements', async () => {
      const story = await createStory(db);
      const author = await createUser(db);
      const comment = await createComment(db, { story, author });
      const reporters = [await createUser(db), await createUser(db), await createUser(db)];
      const reportCount = async () => (await findComment(db, comment.id)).reportCount;

      const reports = await db
        .insertInto('reports')
        .values(
          reporters.map((reporter) => ({
            commentId: comment.id,
            reporterId: reporter.id,
            reason: 'spam' as const,
          })),
        )
        .returningAll()
        .execute();
      expect(await reportCount()).toBe(3);

      await db
        .updateTable('reports')
        .set({ resolvedAt: new Date() })
        .where('id', '=', reports[0]!.id)
        .execute();
      expect(await reportCount(), 'resolved').toBe(2);
      await db
        .updateTable('reports')
        .set({ resolvedAt: new Date() })
        .where('id', '=', reports[0]!.id)
        .execute();
      expect(await reportCount(), 'resolving twice counts once').toBe(2);
      await db.updateTable('reports').set({ note: 'edited' }).where('id', '=', reports[1]!.id).execute();
      expect(await reportCount(), 'an unrelated update').toBe(2);
      await db.deleteFrom('reports').where('id', '=', reports[1]!.id).execute();
      expect(await reportCount(), 'open report deleted').toBe(1);
      await db.deleteFrom('reports').where('id', '=', reports[0]!.id).execute();
      expect(await reportCount(), 'resolved report deleted').toBe(1);
      await db
        .updateTable('reports')
        .set({ resolvedAt: new Date() })
        .where('commentId', '=', comment.id)
        .execute();
      expect(await reportCount()).toBe(0);

      // A resolved report filed afresh (e.g. reopened) counts again.
      await db.updateTable('reports').set({ resolvedAt: null }).where('commentId', '=', comment.id).execute();
      expect(await reportCount()).toBe(1);
    });
  });
});
