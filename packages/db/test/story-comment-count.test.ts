import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, DB } from '../src/schema.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../src/testing.js';
import { counterDrift, setStatus } from './counters.js';
import { createComment, createStory, createUser, findStory } from './factories.js';

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

  describe('story.commentCount', () => {
    it('counts visible comments at every depth, following status changes and deletes', async () => {
      const story = await createStory(db);
      const author = await createUser(db);
      const count = async () => (await findStory(db, story.id)).commentCount;

      const top = await createComment(db, { story, author, status: 'published' });
      const reply = await createComment(db, { story, author, parent: top, status: 'approved' });
      const held = await createComment(db, { story, author, status: 'pending' });
      expect(await count()).toBe(2);

      await setStatus(db, held.id, 'approved');
      expect(await count()).toBe(3);
      await setStatus(db, top.id, 'pending');
      expect(await count(), 'visible → pending').toBe(2);
      await setStatus(db, reply.id, 'rejected');
      expect(await count(), 'visible → rejected').toBe(1);
      await setStatus(db, held.id, 'deleted');
      expect(await count(), 'visible → deleted').toBe(0);
      await setStatus(db, reply.id, 'published');
      expect(await count()).toBe(1);
      await db.deleteFrom('comments').where('id', '=', reply.id).execute();
      expect(await count(), 'hard delete of a visible comment').toBe(0);
    });

    it('does not move when a status changes between two visible or two hidden states', async () => {
      const story = await createStory(db);
      const author = await createUser(db);
      const comment = await createComment(db, { story, author, status: 'published' });

      await setStatus(db, comment.id, 'approved');
      expect((await findStory(db, story.id)).commentCount).toBe(1);
      await setStatus(db, comment.id, 'pending');
      await setStatus(db, comment.id, 'rejected');
      await setStatus(db, comment.id, 'deleted');
      expect((await findStory(db, story.id)).commentCount).toBe(0);
    });
  });

  describe('story.commentCount under concurrent writers (2026_11_30_0007)', () => {
    it('is exact after concurrent posts, status changes and deletes', async () => {
      const story = await createStory(db);
      const authors = await Promise.all(Array.from({ length: 8 }, () => createUser(db)));
      // Each author posts 10 at once: on Postgres these run on several connections together.
      const posted = (
        await Promise.all(
          authors.map(async (author) => {
            const mine: Comment[] = [];
            for (let i = 0; i < 10; i++) mine.push(await createComment(db, { story, author }));
            return mine;
          }),
        )
      ).flat();
      expect((await findStory(db, story.id)).commentCount).toBe(80);

      await Promise.all([
        ...posted.slice(0, 10).map((comment) => setStatus(db, comment.id, 'rejected')),
        ...posted.slice(10, 15).map((comment) => setStatus(db, comment.id, 'deleted')),
        ...posted
          .slice(15, 20)
          .map((comment) => db.deleteFrom('comments').where('id', '=', comment.id).execute()),
        ...posted.slice(20, 25).map((comment) => setStatus(db, comment.id, 'approved')),
      ]);

      expect((await findStory(db, story.id)).commentCount).toBe(60);
      expect(
        await counterDrift(
          db,
          [story.id],
          authors.map((author) => author.id),
        ),
      ).toEqual([]);
    });

    it.skipIf(engine !== 'postgres')(
      'does not make a post wait for another uncommitted post to the same story',
      async () => {
        const story = await createStory(db);
        const [first, second] = [await createUser(db), await createUser(db)];
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let inserted!: () => void;
        const firstInserted = new Promise<void>((resolve) => (inserted = resolve));
        const shardOf = async (executor: Kysely<DB>) =>
          (await sql<{ shard: number }>`select pg_backend_pid() % 64 as shard`.execute(executor)).rows[0]!
            .shard;

        let firstShard = -1;
        const holder = db.transaction().execute(async (trx) => {
          firstShard = await shardOf(trx);
          await createComment(trx, { story, author: first });
          inserted();
          await held;
        });
        await firstInserted;
        try {
          // Another connection, on another shard (pids that differ by less than 64 always are).
          await db.connection().execute(async (connection) => {
            if ((await shardOf(connection)) === firstShard)
              throw new Error('two backends share a shard; rerun');
            await connection.transaction().execute(async (trx) => {
              // Under the old trigger this waited for the holder's row lock on the story.
              await sql`set local lock_timeout = '1s'`.execute(trx);
              await createComment(trx, { story, author: second });
            });
          });
        } finally {
          release();
          await holder;
        }
        expect((await findStory(db, story.id)).commentCount).toBe(2);
      },
    );
  });
});
