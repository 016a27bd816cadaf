import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMENT_STATUSES, type Comment, type DB, type Story, type User } from '../src/schema.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../src/testing.js';
import { counterDrift, setStatus } from './counters.js';
import { createComment, createStory, createUser, findComment, findStory, findUser } from './factories.js';

/** mulberry32: a small seeded generator, so a failing sequence can be replayed from its seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

  describe('cascades', () => {
    it('keep every counter right when a thread is deleted from its root', async () => {
      const story = await createStory(db);
      const author = await createUser(db);
      const reader = await createUser(db);
      const root = await createComment(db, { story, author, status: 'approved' });
      const reply = await createComment(db, { story, author, parent: root, status: 'rejected' });
      await createComment(db, { story, author, parent: reply, status: 'published' });
      await db
        .insertInto('reactions')
        .values({ commentId: reply.id, userId: reader.id, kind: 'like' })
        .execute();
      await db
        .insertInto('reports')
        .values({ commentId: reply.id, reporterId: reader.id, reason: 'abuse' })
        .execute();
      const other = await createComment(db, { story, author, status: 'published' });

      await db.deleteFrom('comments').where('id', '=', root.id).execute();

      expect((await findStory(db, story.id)).commentCount).toBe(1);
      expect(await findUser(db, author.id)).toMatchObject({ approvedCount: 0, rejectedCount: 0 });
      expect(await findComment(db, other.id)).toMatchObject({
        replyCount: 0,
        reactionCount: 0,
        reportCount: 0,
      });
      expect(await counterDrift(db, [story.id], [author.id, reader.id])).toEqual([]);
    });

    it('keep story and parent counters right when an author is deleted', async () => {
      const story = await createStory(db);
      const [alice, bob] = [await createUser(db), await createUser(db)];
      const root = await createComment(db, { story, author: alice });
      await createComment(db, { story, author: bob, parent: root });
      await createComment(db, { story, author: bob, parent: root, status: 'approved' });
      expect((await findComment(db, root.id)).replyCount).toBe(2);

      await db.deleteFrom('users').where('id', '=', bob.id).execute();

      expect((await findComment(db, root.id)).replyCount).toBe(0);
      expect((await findStory(db, story.id)).commentCount).toBe(1);
      expect(await counterDrift(db, [story.id], [alice.id])).toEqual([]);
    });
  });

  describe('the recount itself', () => {
    it('reports a counter that disagrees with its rows (so a clean result means something)', async () => {
      const story = await createStory(db);
      const author = await createUser(db);
      const comment = await createComment(db, { story, author });
      expect(await counterDrift(db, [story.id], [author.id])).toEqual([]);

      await sql`update comments set reaction_count = 5 where id = ${comment.id}`.execute(db);
      await sql`update users set rejected_count = 2 where id = ${author.id}`.execute(db);

      const drift = await counterDrift(db, [story.id], [author.id]);
      expect(drift).toEqual(
        expect.arrayContaining([
          { kind: 'comment.reactionCount', id: comment.id, stored: 5, counted: 0 },
          { kind: 'user.rejectedCount', id: author.id, stored: 2, counted: 0 },
        ]),
      );
      expect(drift).toHaveLength(2);
    });
  });

  describe('after a random sequence of operations', () => {
    const seeds = [1, 42, 20261126];

    it.each(seeds)('every counter equals a recount (seed %i)', async (seed) => {
      const random = seededRandom(seed);
      const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
      const stories: Story[] = [await createStory(db), await createStory(db)];
      const users: User[] = [];
      for (let i = 0; i < 6; i++) users.push(await createUser(db));
      let comments: Comment[] = [];
      const reportIds: string[] = [];
      const refresh = async () => {
        comments = await db
          .selectFrom('comments')
          .selectAll()
          .where(
            'storyId',
            'in',
            stories.map((story) => story.id),
          )
          .execute();
      };

      const operations: Record<string, () => Promise<unknown>> = {
        post: async () => {
          const parent = random() < 0.6 ? pick(comments) : undefined;
          const story = parent ? { id: parent.storyId } : pick(stories)!;
          const status = pick(['published', 'published', 'pending', 'approved', 'rejected'] as const)!;
          comments.push(await createComment(db, { story, author: pick(users)!, parent, status }));
        },
        changeStatus: async () => {
          const comment = pick(comments);
          if (comment) await setStatus(db, comment.id, pick(COMMENT_STATUSES)!);
        },
        hardDelete: async () => {
          const comment = pick(comments);
          if (comment) await db.deleteFrom('comments').where('id', '=', comment.id).execute();
          await refresh();
        },
        react: async () => {
          const comment = pick(comments);
          if (!comment) return;
          await db
            .insertInto('reactions')
            .values({ commentId: comment.id, userId: pick(users)!.id, kind: 'like' })
            .onConflict((oc) => oc.doNothing())
            .execute();
        },
        unreact: async () => {
          const comment = pick(comments);
          if (comment) {
            await db
              .deleteFrom('reactions')
              .where('commentId', '=', comment.id)
              .where('userId', '=', pick(users)!.id)
              .execute();
          }
        },
        report: async () => {
          const comment = pick(comments);
          if (!comment) return;
          const report = await db
            .insertInto('reports')
            .values({ commentId: comment.id, reporterId: pick(users)!.id, reason: 'spam' })
            .onConflict((oc) => oc.doNothing())
            .returning('id')
            .executeTakeFirst();
          if (report) reportIds.push(report.id);
        },
        resolveReport: async () => {
          const id = pick(reportIds);
          if (id)
            await db.updateTable('reports').set({ resolvedAt: new Date() }).where('id', '=', id).execute();
        },
        reopenReport: async () => {
          const id = pick(reportIds);
          if (id) await db.updateTable('reports').set({ resolvedAt: null }).where('id', '=', id).execute();
        },
        deleteReport: async () => {
          const id = pick(reportIds);
          if (id) await db.deleteFrom('reports').where('id', '=', id).execute();
        },
        bulkHide: async () => {
          // One statement touching many rows, like "ban and reject existing comments".
          const author = pick(users)!;
          await db
            .updateTable('comments')
            .set({ status: 'rejected' })
            .where('authorId', '=', author.id)
            .where('status', 'in', ['published', 'approved', 'pending'])
            .execute();
        },
      };
      const weighted = [
        ...Array<string>(6).fill('post'),
        ...Array<string>(4).fill('changeStatus'),
        'hardDelete',
        ...Array<string>(3).fill('react'),
        'unreact',
        ...Array<string>(2).fill('report'),
        'resolveReport',
        'reopenReport',
        'deleteReport',
        'bulkHide',
      ];

      const history: string[] = [];
      for (let step = 0; step < 150; step++) {
        const name = pick(weighted)!;
        history.push(name);
        await operations[name]!();
      }
      await refresh();

      expect(comments.length, 'the sequence built a real thread').toBeGreaterThan(10);
      expect(comments.some((comment) => comment.parentId !== null)).toBe(true);
      const drift = await counterDrift(
        db,
        stories.map((story) => story.id),
        users.map((user) => user.id),
      );
      expect(drift, `operations: ${history.join(' ')}`).toEqual([]);
    });
  });
});
