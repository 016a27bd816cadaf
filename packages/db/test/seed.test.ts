import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed, SEEDED_ARTICLE_SLUG } from '../src/seed.js';
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

    it('inserts the launch article with its paragraphs and tags', async () => {
      const article = await database.db
        .selectFrom('articles')
        .selectAll()
        .where('slug', '=', SEEDED_ARTICLE_SLUG)
        .executeTakeFirstOrThrow();

      expect(article.title).toMatch(/Lavrov/);
      expect(article.body.split('\n\n').length).toBeGreaterThan(1);
      expect(article.tags.length).toBeGreaterThan(0);
      expect(article.publishedAt).toBeInstanceOf(Date);
      expect(article.commentsOpen).toBe(true);
      expect(article.premod).toBe('off');
    });

    it('is idempotent: running it again leaves the same single row', async () => {
      const before = await database.db.selectFrom('articles').selectAll().execute();
      const sut = seed;

      await sut(database.db);
      await sut(database.db);

      const after = await database.db.selectFrom('articles').selectAll().execute();
      expect(before).toHaveLength(1);
      expect(after).toEqual(before);
    });
  });
});
