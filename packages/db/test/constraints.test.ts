import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngines, type TestDatabase } from '../src/testing.js';
import {
  commentValues,
  createStory,
  createComment,
  createUser,
  expectCheckViolation,
  expectUniqueViolation,
  findStory,
  findComment,
} from './factories.js';

// The schema's own guarantees: what no code path, however buggy or concurrent, can get past.
describe.each(testEngines())('schema constraints on %s', (engine) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(engine, { prepare: true });
  });

  afterAll(async () => {
    await database?.close();
  });

  describe('users', () => {
    it('rejects a username that differs from a taken one only in letter case', async () => {
      const name = `Case_${randomUUID().slice(0, 8)}`;
      await createUser(database.db, name);

      await expectUniqueViolation(createUser(database.db, name.toLowerCase()), 'users_username_lower_key');
      await expectUniqueViolation(createUser(database.db, name.toUpperCase()), 'users_username_lower_key');
      await expectUniqueViolation(createUser(database.db, name), 'users_username_lower_key');

      const rows = await database.db
        .selectFrom('users')
        .select('username')
        .where((eb) => eb(eb.fn('lower', ['username']), '=', name.toLowerCase()))
        .execute();
      expect(rows).toEqual([{ username: name }]);
    });

    it('rejects a username outside the allowed characters and lengths', async () => {
      await expectCheckViolation(createUser(database.db, 'ab'));
      await expectCheckViolation(createUser(database.db, 'has space'));
      await expectCheckViolation(createUser(database.db, 'x'.repeat(33)));
    });
  });

  describe('reactions', () => {
    it('keeps one row when the same reaction arrives twice', async () => {
      const story = await createStory(database.db);
      const author = await createUser(database.db);
      const reader = await createUser(database.db);
      const comment = await createComment(database.db, { story, author });
      const like = { commentId: comment.id, userId: reader.id, kind: 'like' as const };
      const sut = () =>
        database.db
          .insertInto('reactions')
          .values(like)
          .onConflict((oc) => oc.columns(['commentId', 'userId', 'kind']).doNothing())
          .executeTakeFirst();

      const first = await sut();
      const second = await sut();

      expect(first.numInsertedOrUpdatedRows).toBe(1n);
      expect(second.numInsertedOrUpdatedRows).toBe(0n);
      const rows = await database.db
        .selectFrom('reactions')
        .selectAll()
        .where('commentId', '=', comment.id)
        .execute();
      expect(rows).toHaveLength(1);
      expect((await findComment(database.db, comment.id)).reactionCount).toBe(1);
      await expectUniqueViolation(
        database.db.insertInto('reactions').values(like).execute(),
        'reactions_pkey',
      );
      expect((await findComment(database.db, comment.id)).reactionCount).toBe(1);
    });
  });

  describe('reports', () => {
    it('keeps one report per user per comment', async () => {
      const story = await createStory(database.db);
      const author = await createUser(database.db);
      const reporter = await createUser(database.db);
      const comment = await createComment(database.db, { story, author });
      const report = { commentId: comment.id, reporterId: reporter.id, reason: 'spam' as const };

      await database.db.insertInto('reports').values(report).execute();
      await expectUniqueViolation(
        database.db
          .insertInto('reports')
          .values({ ...report, reason: 'abuse' })
          .execute(),
        'reports_comment_id_reporter_id_key',
      );
      const again = await database.db
        .insertInto('reports')
        .values(report)
        .onConflict((oc) => oc.columns(['commentId', 'reporterId']).doNothing())
        .executeTakeFirst();

      expect(again.numInsertedOrUpdatedRows).toBe(0n);
      const rows = await database.db
        .selectFrom('reports')
        .selectAll()
        .where('commentId', '=', comment.id)
        .execute();
      expect(rows).toHaveLength(1);
      expect((await findComment(database.db, comment.id)).reportCount).toBe(1);
    });

    it('rejects a note over 500 characters', async () => {
      const story = await createStory(database.db);
      const author = await createUser(database.db);
      const comment = await createComment(database.db, { story, author });
      await expectCheckViolation(
        database.db
          .insertInto('reports')
          .values({ commentId: comment.id, reporterId: author.id, reason: 'other', note: 'n'.repeat(501) })
          .execute(),
      );
    });
  });

  describe('comments', () => {
    it('keeps one comment per (author, clientId) so a retried post cannot double-post', async () => {
      const story = await createStory(database.db);
      const author = await createUser(database.db);
      const clientId = randomUUID();
      const post = () =>
        database.db
          .insertInto('comments')
          .values(commentValues({ story, author, clientId, body: 'posted once' }))
          .onConflict((oc) =>
            oc.columns(['authorId', 'clientId']).where('clientId', 'is not', null).doNothing(),
          )
          .returningAll()
          .executeTakeFirst();

      const first = await post();
      const retry = await post();

      expect(first?.clientId).toBe(clientId);
      expect(retry).toBeUndefined();
      await expectUniqueViolation(
        createComment(database.db, { story, author, clientId }),
        'comments_author_client_id_key',
      );
      const rows = await database.db
        .selectFrom('comments')
        .selectAll()
        .where('authorId', '=', author.id)
        .execute();
      expect(rows.map((row) => row.id)).toEqual([first?.id]);
      expect((await findStory(database.db, story.id)).commentCount).toBe(1);
    });

    it('lets another author use the same clientId, and any author post many comments without one', async () => {
      const story = await createStory(database.db);
      const [alice, bob] = [await createUser(database.db), await createUser(database.db)];
      const clientId = randomUUID();

      await createComment(database.db, { story, author: alice, clientId });
      await createComment(database.db, { story, author: bob, clientId });
      await createComment(database.db, { story, author: alice });
      await createComment(database.db, { story, author: alice });

      const rows = await database.db
        .selectFrom('comments')
        .select('id')
        .where('storyId', '=', story.id)
        .execute();
      expect(rows).toHaveLength(4);
    });

    it('rejects a body over 5000 characters and an inconsistent depth', async () => {
      const story = await createStory(database.db);
      const author = await createUser(database.db);

      await expectCheckViolation(createComment(database.db, { story, author, body: 'x'.repeat(5001) }));
      await expectCheckViolation(
        database.db
          .insertInto('comments')
          .values({ ...commentValues({ story, author }), depth: 1 })
          .execute(),
      );
      await expect(
        createComment(database.db, { story, author, body: 'x'.repeat(5000) }),
      ).resolves.toBeDefined();
    });
  });
});
