import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMigrator,
  migrateDownAll,
  migrateToLatest,
  migrationStatus,
  MIGRATION_NAMES,
} from '../src/migrate.js';
import { seed, SEEDED_STORY_SLUG } from '../src/seed.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../src/testing.js';

/** Every migration, in the order they run. */
const MIGRATIONS = [
  '2026_11_26_0001_initial',
  '2026_11_29_0001_first_listed_at',
  '2026_11_29_0002_report_standing',
  '2026_11_30_0001_sso_accounts',
  '2026_11_30_0002_stories',
  '2026_11_30_0003_outbox',
  '2026_11_30_0004_webhooks',
  '2026_11_30_0005_account_deletion',
  '2026_11_30_0006_notifications',
  '2026_11_30_0007_story_counters',
  '2026_11_30_0008_reactions_by_user',
  '2026_12_07_0001_story_names',
  '2026_12_07_0002_confirmed_email_uniqueness',
  '2026_12_07_0003_import_sources',
  '2026_12_07_0004_comment_revisions',
  '2026_12_07_0005_moderator_notes',
  '2026_12_07_0006_account_sessions',
  '2026_12_07_0007_moderation_hook',
  '2026_12_07_0008_comment_search',
  '2026_12_07_0009_dsa_notices',
  '2026_12_07_0010_import_claims',
  '2026_12_07_0011_import_jobs',
  '2026_12_07_0012_log_details',
  '2026_12_07_0013_toxicity_scores',
  '2026_12_07_0014_user_locale',
  '2026_12_07_0015_notice_locale',
  '2026_12_07_0016_search_newest',
  '2026_12_07_0017_bulk_imports',
];
const APP_TABLES = [
  'comment_revisions',
  'comments',
  'dsa_appeals',
  'dsa_notices',
  'email_verification_tokens',
  'import_jobs',
  'import_staged_comments',
  'import_upload_chunks',
  'moderation_actions',
  'moderator_notes',
  'notification_settings',
  'notifications',
  'outbox',
  'reactions',
  'reports',
  'sessions',
  'site_settings',
  'sso_used_tokens',
  'stories',
  'story_comment_counts',
  'users',
  'webhook_deliveries',
  'webhooks',
];
const PARLEY_FUNCTIONS = [
  'parley_comment_counters',
  'parley_first_listed',
  'parley_reaction_counters',
  'parley_report_counters',
  'parley_story_url_default',
];

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
      expect(await parleyFunctions(database)).toEqual(PARLEY_FUNCTIONS);
      expect(await database.db.selectFrom('siteSettings').selectAll().execute()).toHaveLength(1);
      expect(await sut(database.db), 'a second run has nothing to do').toEqual([]);
      await seed(database.db);

      expect(await migrateDownAll(database.db)).toEqual([...MIGRATIONS].reverse());
      expect(await appTables(database)).toEqual([]);
      expect(await parleyFunctions(database)).toEqual([]);
      expect(await migrateDownAll(database.db), 'nothing is left to undo').toEqual([]);

      expect(await sut(database.db)).toEqual(MIGRATIONS);
      expect(await appTables(database)).toEqual(APP_TABLES);
      expect(await parleyFunctions(database)).toEqual(PARLEY_FUNCTIONS);
      await seed(database.db);
      const stories = await database.db.selectFrom('stories').select(['slug', 'commentCount']).execute();
      expect(stories).toEqual([{ slug: SEEDED_STORY_SLUG, commentCount: 0 }]);
    });
  });
});

describe(migrationStatus.name, () => {
  describe.each(testEngines())('on %s', (engine) => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase(engine);
    });

    afterAll(async () => {
      await database?.close();
    });

    it('lists every migration as pending on a new database without writing to it, then what ran', async () => {
      const sut = migrationStatus;
      expect(MIGRATION_NAMES).toEqual(MIGRATIONS);

      expect(await sut(database.db)).toEqual({ applied: [], pending: MIGRATIONS });
      const tables = await database.db.introspection.getTables({ withInternalKyselyTables: true });
      expect(tables, 'reading the status made no migration table').toEqual([]);

      await createMigrator(database.db).migrateTo(MIGRATIONS[2]!);
      expect(await sut(database.db)).toEqual({
        applied: MIGRATIONS.slice(0, 3),
        pending: MIGRATIONS.slice(3),
      });

      await migrateToLatest(database.db);
      expect(await sut(database.db)).toEqual({ applied: MIGRATIONS, pending: [] });
    });
  });
});
