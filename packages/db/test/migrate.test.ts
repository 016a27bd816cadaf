import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
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
  '2026_12_07_0012_log_details',
  '2026_12_07_0013_toxicity_scores',
  '2026_12_07_0014_user_locale',
];
/** The last migration before the tables took story names: tests of older migrations stop there. */
const BEFORE_STORY_NAMES = '2026_11_30_0008_reactions_by_user';
const APP_TABLES = [
  'comment_revisions',
  'comments',
  'dsa_appeals',
  'dsa_notices',
  'email_verification_tokens',
  'import_staged_comments',
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

describe('2026_11_29_0001_first_listed_at', () => {
  describe.each(testEngines())('on %s', (engine) => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase(engine);
      await createMigrator(database.db).migrateTo(MIGRATIONS[0]!);
    });

    afterAll(async () => {
      await database?.close();
    });

    it('marks existing comments readers could see, and new ones as they become visible', async () => {
      const db = database.db as unknown as Kysely<any>;
      const { id: userId } = await db
        .insertInto('users')
        .values({ username: 'writer', displayName: 'Writer', passwordHash: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const { id: articleId } = await db
        .insertInto('articles')
        .values({ slug: 'an-article', title: 'A', body: 'B', publishedAt: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      const at = (seconds: number) => new Date(Date.UTC(2026, 10, 1, 0, 0, seconds));
      const comment = async (name: string, status: string, createdAt = at(0)) => {
        const id = randomUUID();
        await db
          .insertInto('comments')
          .values({ id, articleId, rootId: id, depth: 0, authorId: userId, body: name, status, createdAt })
          .execute();
        return id;
      };
      const log = (commentId: string, action: string, createdAt: Date, to?: string) =>
        db
          .insertInto('moderationActions')
          .values({ action, commentId, createdAt, details: JSON.stringify(to ? { to } : {}) })
          .execute();
      const published = await comment('published', 'published');
      const deleted = await comment('deleted after publishing', 'deleted');
      const reportedThenRejected = await comment('held by reports', 'rejected');
      await log(reportedThenRejected, 'auto_hold', at(30));
      const heldAtOnce = await comment('held at once', 'pending');
      await log(heldAtOnce, 'auto_hold', at(0));
      const refusedAtOnce = await comment('refused at once', 'rejected');
      await log(refusedAtOnce, 'auto_reject', at(0));
      const heldApprovedRejected = await comment('approved later', 'rejected');
      await log(heldApprovedRejected, 'auto_hold', at(0));
      await log(heldApprovedRejected, 'approve', at(60), 'approved');

      await createMigrator(database.db).migrateTo(BEFORE_STORY_NAMES);
      const later = await comment('posted after the migration', 'pending');
      await db.updateTable('comments').set({ status: 'approved' }).where('id', '=', later).execute();
      await db.updateTable('comments').set({ status: 'rejected' }).where('id', '=', later).execute();

      const rows = await db.selectFrom('comments').select(['id', 'firstListedAt']).execute();
      const firstListed = new Map(rows.map((row) => [row.id, row.firstListedAt as Date | null]));
      expect(firstListed.get(published)).toEqual(at(0));
      expect(firstListed.get(deleted)).toEqual(at(0));
      expect(firstListed.get(reportedThenRejected)).toEqual(at(0));
      expect(firstListed.get(heldAtOnce)).toBeNull();
      expect(firstListed.get(refusedAtOnce)).toBeNull();
      expect(firstListed.get(heldApprovedRejected)).toEqual(at(60));
      expect(firstListed.get(later)).toBeInstanceOf(Date);
    });
  });
});

describe('2026_11_30_0001_sso_accounts', () => {
  describe.each(testEngines())('on %s', (engine) => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase(engine);
      await createMigrator(database.db).migrateTo(BEFORE_STORY_NAMES);
    });

    afterAll(async () => {
      await database?.close();
    });

    it('lets an SSO user have no password, but every user has a password or an SSO subject, each subject once', async () => {
      const db = database.db as unknown as Kysely<any>;
      const user = (username: string, passwordHash: string | null, ssoSubject: string | null) =>
        db
          .insertInto('users')
          .values({ username, displayName: username, passwordHash, ssoSubject })
          .execute();

      await user('sso_reader', null, 'host-1');
      await user('own_reader', 'x', null);
      await expect(user('nobody', null, null)).rejects.toThrow(/users_password_or_sso/);
      await expect(user('sso_twin', null, 'host-1')).rejects.toThrow(/unique|duplicate/i);
    });
  });
});

describe('2026_11_30_0002_stories', () => {
  describe.each(testEngines())('on %s', (engine) => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase(engine);
      await createMigrator(database.db).migrateTo('2026_11_29_0002_report_standing');
    });

    afterAll(async () => {
      await database?.close();
    });

    it('gives existing articles a placeholder URL, and keeps URLs and external ids unique', async () => {
      const db = database.db as unknown as Kysely<any>;
      const article = (slug: string, extra: Record<string, unknown> = {}) =>
        db
          .insertInto('articles')
          .values({ slug, title: 'A', body: 'B', publishedAt: new Date(), ...extra })
          .execute();
      await article('from-before');

      await createMigrator(database.db).migrateTo(BEFORE_STORY_NAMES);
      await article('inserted-without-url');
      await article('with-url', { url: 'https://news.example.org/a', externalId: 'cms-1' });
      await article('no-external-id', { url: 'https://news.example.org/b' });

      const rows = await db
        .selectFrom('articles')
        .select(['slug', 'url', 'externalId'])
        .orderBy('slug')
        .execute();
      expect(rows).toEqual([
        { slug: 'from-before', url: 'https://parley.invalid/stories/from-before', externalId: null },
        {
          slug: 'inserted-without-url',
          url: 'https://parley.invalid/stories/inserted-without-url',
          externalId: null,
        },
        { slug: 'no-external-id', url: 'https://news.example.org/b', externalId: null },
        { slug: 'with-url', url: 'https://news.example.org/a', externalId: 'cms-1' },
      ]);
      await expect(article('same-url', { url: 'https://news.example.org/a' })).rejects.toThrow(
        /articles_url_key/,
      );
      await expect(
        article('same-id', { url: 'https://news.example.org/c', externalId: 'cms-1' }),
      ).rejects.toThrow(/articles_external_id_key/);
    });
  });
});

describe('2026_12_07_0001_story_names', () => {
  describe.each(testEngines())('on %s', (engine) => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase(engine);
      await createMigrator(database.db).migrateTo(BEFORE_STORY_NAMES);
    });

    afterAll(async () => {
      await database?.close();
    });

    it('renames articles to stories with their comments and counts, and back', async () => {
      const db = database.db as unknown as Kysely<any>;
      const { id: authorId } = await db
        .insertInto('users')
        .values({ username: 'renamer', displayName: 'Renamer', passwordHash: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const { id: storyId } = await db
        .insertInto('articles')
        .values({ slug: 'before-rename', title: 'A', body: 'B', publishedAt: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      const comment = (column: string) => {
        const id = randomUUID();
        return db
          .insertInto('comments')
          .values({ id, [column]: storyId, rootId: id, depth: 0, authorId, body: id, status: 'published' })
          .execute();
      };
      const count = async (table: string, column: string) => {
        const { rows } = await sql<{ count: number }>`
          select (s.comment_count + coalesce((
            select sum(c.delta) from ${sql.table(`${table}_comment_counts`)} c where ${sql.ref(`c.${column}`)} = s.id
          ), 0))::int as count from ${sql.table(`${table === 'story' ? 'stories' : 'articles'}`)} s`.execute(
          db,
        );
        return rows[0]?.count;
      };
      await comment('articleId');

      await migrateToLatest(database.db);
      await comment('storyId');

      expect(await count('story', 'story_id')).toBe(2);
      await expect(
        db
          .insertInto('stories')
          .values({ slug: 'before-rename', title: 'A', body: 'B', publishedAt: new Date() })
          .execute(),
      ).rejects.toThrow(/stories_slug_key/);

      await createMigrator(database.db).migrateTo(BEFORE_STORY_NAMES);
      await comment('articleId');

      expect(await count('article', 'article_id')).toBe(3);
    });
  });
});

describe('2026_12_07_0002_confirmed_email_uniqueness', () => {
  describe.each(testEngines())('on %s', (engine) => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase(engine);
      await migrateToLatest(database.db);
    });

    afterAll(async () => {
      await database?.close();
    });

    it('holds confirmed addresses unique only, and going down keeps one holder per address', async () => {
      const db = database.db as unknown as Kysely<any>;
      const add = (username: string, email: string, confirmed: boolean) =>
        db
          .insertInto('users')
          .values({
            username,
            displayName: username,
            passwordHash: 'x',
            email,
            emailVerifiedAt: confirmed ? new Date() : null,
          })
          .execute();
      await add('typed_one', 'owner@example.org', false);
      await add('typed_two', 'OWNER@example.org', false);
      await add('the_owner', 'owner@example.org', true);
      await expect(add('second_owner', 'Owner@example.org', true)).rejects.toThrow(
        /users_confirmed_email_lower_key/,
      );

      await createMigrator(database.db).migrateTo('2026_12_07_0001_story_names');
      const holders = await db
        .selectFrom('users')
        .select('username')
        .where(sql`lower(email)`, '=', 'owner@example.org')
        .execute();
      expect(holders).toEqual([{ username: 'the_owner' }]);
    });
  });
});

describe('2026_12_07_0003_import_sources', () => {
  describe.each(testEngines())('on %s', (engine) => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase(engine);
      await migrateToLatest(database.db);
    });

    afterAll(async () => {
      await database?.close();
    });

    it('lets only imported accounts go without a way to sign in, once per source key; going down removes them', async () => {
      const db = database.db as unknown as Kysely<any>;
      const add = (username: string, importKey: string | null) =>
        db
          .insertInto('users')
          .values({
            username,
            displayName: username,
            passwordHash: null,
            importSource: importKey === null ? null : 'disqus',
            importKey,
          })
          .execute();
      await add('imported_one', 'username:ann');
      await expect(add('no_way_in', null)).rejects.toThrow(/users_password_or_sso/);
      await expect(add('imported_twice', 'username:ann')).rejects.toThrow(/users_import_key/);

      await createMigrator(database.db).migrateTo('2026_12_07_0002_confirmed_email_uniqueness');
      expect(await db.selectFrom('users').select('username').execute()).toEqual([]);
    });
  });
});
