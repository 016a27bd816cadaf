import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../src/schema.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../src/testing.js';
import { setStatus } from './counters.js';
import { createComment, createStory, createUser, findUser } from './factories.js';

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

  describe('user.approvedCount and user.rejectedCount', () => {
    it('follow moderation decisions, reversals, deletes and hides', async () => {
      const story = await createStory(db);
      const author = await createUser(db);
      const counts = async () => {
        const user = await findUser(db, author.id);
        return { approved: user.approvedCount, rejected: user.rejectedCount };
      };

      const first = await createComment(db, { story, author, status: 'pending' });
      const second = await createComment(db, { story, author, status: 'pending' });
      await createComment(db, { story, author, status: 'published' });
      expect(await counts()).toEqual({ approved: 0, rejected: 0 });

      await setStatus(db, first.id, 'approved');
      await setStatus(db, second.id, 'rejected');
      expect(await counts()).toEqual({ approved: 1, rejected: 1 });

      await setStatus(db, first.id, 'rejected');
      expect(await counts(), 'approved → rejected').toEqual({ approved: 0, rejected: 2 });
      await setStatus(db, second.id, 'approved');
      expect(await counts(), 'rejected → approved').toEqual({ approved: 1, rejected: 1 });
      await setStatus(db, second.id, 'pending');
      expect(await counts(), 'approved → pending').toEqual({ approved: 0, rejected: 1 });
      await setStatus(db, second.id, 'approved');
      await setStatus(db, second.id, 'deleted');
      expect(await counts(), 'approved → deleted').toEqual({ approved: 0, rejected: 1 });
      await db.deleteFrom('comments').where('id', '=', first.id).execute();
      expect(await counts(), 'rejected row deleted').toEqual({ approved: 0, rejected: 0 });

      const inserted = await createComment(db, { story, author, status: 'approved' });
      expect(await counts(), 'inserted as approved').toEqual({ approved: 1, rejected: 0 });
      await db.deleteFrom('comments').where('id', '=', inserted.id).execute();
      expect(await counts(), 'approved row deleted').toEqual({ approved: 0, rejected: 0 });
    });
  });
});
