import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDownAll, migrateToLatest } from '../src/migrate.js';
import { seed, SEEDED_ARTICLE_SLUG } from '../src/seed.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../src/testing.js';

/** Every migration, in the order they run. */
const MIGRATIONS = ['2026_11_26_0001_initial', '2026_11_29_0001_report_standing'];
const APP_TABLES = [
  'articles',
  'comments',
  'moderation_actions',
  'reactions',
  'reports',
  'sessions',
  'site_settings',
  'users',
];
const COUNTER_FUNCTIONS = ['parley_comment_counters', 'parley_reaction_counters', 'parley_report_counters'];

async function appTables(database: TestDatabase): Promise<string[]> {
  const tables = await database.db.introspection.getTables();
  return tables
    .map((table) => table.name)
    .filter((name) => !name.startsWith('kysely_'))
    .sort();
}

async function parleyFunctions(database: TestDatabase): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select proname as name from pg_proc where proname like 'parley\\_%' order by proname
  `.execute(database.db);
  return rows.map((row) => row.name);
}

describe(migrateToLatest.name, () => {
  describe.each(testEngines())('on %s', (engine) => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase(engine);
    });

    afterAll(async () => {
      await database?.close();
    });

    // One test for the round trip: each step needs the state the step before it left.
    it(`migrates up, all the way down with ${migrateDownAll.name}, and up again`, async () => {
      const sut = migrateToLatest;

      expect(await sut(database.db)).toEqual(MIGRATIONS);
      expect(await appTables(database)).toEqual(APP_TABLES);
      expect(await parleyFunctions(database)).toEqual(COUNTER_FUNCTIONS);
      expect(await database.db.selectFrom('siteSettings').selectAll().execute()).toHaveLength(1);
      expect(await sut(database.db), 'a second run has nothing to do').toEqual([]);
      await seed(database.db);

      expect(await migrateDownAll(database.db)).toEqual([...MIGRATIONS].reverse());
      expect(await appTables(database)).toEqual([]);
      expect(await parleyFunctions(database)).toEqual([]);
      expect(await migrateDownAll(database.db), 'nothing is left to undo').toEqual([]);

      expect(await sut(database.db)).toEqual(MIGRATIONS);
      expect(await appTables(database)).toEqual(APP_TABLES);
      expect(await parleyFunctions(database)).toEqual(COUNTER_FUNCTIONS);
      await seed(database.db);
      const articles = await database.db.selectFrom('articles').select(['slug', 'commentCount']).execute();
      expect(articles).toEqual([{ slug: SEEDED_ARTICLE_SLUG, commentCount: 0 }]);
    });
  });
});
