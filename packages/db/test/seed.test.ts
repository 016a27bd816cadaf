import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed, SEEDED_STORY_SLUG } from '../src/seed.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../src/testing.js';

describe(seed.name, () => {
  describe.each(testEngines())('on %s', (engine) => {
    let database: TestDatabase;

    beforeAll(async () => {
      // prepare: migrated and seeded once already.
      database = await createTestDatabase(engine, { prepare: true });
    });

    afterAll(async () => {
      await database?.close();
    });

    it('inserts the launch story with its paragraphs and tags', async () => {
      const story = await database.db
        .selectFrom('stories')
        .selectAll()
        .where('slug', '=', SEEDED_STORY_SLUG)
        .executeTakeFirstOrThrow();

      expect(story.title).toMatch(/Lavrov/);
      expect(story.body.split('\n\n').length).toBeGreaterThan(1);
      expect(story.tags.length).toBeGreaterThan(0);
      expect(story.publishedAt).toBeInstanceOf(Date);
      expect(story.commentsOpen).toBe(true);
      expect(story.premod).toBe('off');
    });

    it('is idempotent: running it again leaves the same single row', async () => {
      const before = await database.db.selectFrom('stories').selectAll().execute();
      const sut = seed;

      await sut(database.db);
      await sut(database.db);

      const after = await database.db.selectFrom('stories').selectAll().execute();
      expect(before).toHaveLength(1);
      expect(after).toEqual(before);
    });
  });
});
