import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql, type DatabaseEngine, type DB, type Kysely } from '@parley/db';
import { createTestDatabase, testEngines, type TestDatabase } from '@parley/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { disqusFormat } from '../src/import/disqus-format.js';
import { ImportInputError } from '../src/import/import-input-error.js';
import { runImport } from '../src/import/importer.js';
import { MAX_ELEMENT_TEXT } from '../src/import/xml-records.js';
import { wordpressFormat } from '../src/import/wordpress-format.js';
import { census, FIXTURES } from './support/import.js';

const DISQUS = join(FIXTURES, 'disqus.xml');

async function comments(db: Kysely<DB>) {
  const { rows } = await sql<{
    importId: string;
    parent: string | null;
    depth: number;
    status: string;
    body: string;
    createdAt: Date;
  }>`
    SELECT c.import_id, p.import_id AS parent, c.depth, c.status, c.body, c.created_at
      FROM comments c LEFT JOIN comments p ON p.id = c.parent_id
     WHERE c.import_source IS NOT NULL ORDER BY c.import_id`.execute(db);
  return new Map(rows.map((row) => [row.importId, row]));
}

describe('importing', () => {
  describe.each(testEngines())('on %s', (engine: DatabaseEngine) => {
    let database: TestDatabase;
    let db: Kysely<DB>;
    let dir: string;

    beforeAll(async () => {
      database = await createTestDatabase(engine, { prepare: true });
      db = database.db;
      dir = mkdtempSync(join(tmpdir(), 'parley-import-'));
    });
    afterAll(async () => {
      await database?.close();
      rmSync(dir, { recursive: true, force: true });
    });
    beforeEach(async () => {
      await sql`TRUNCATE comments, users, moderation_actions, import_staged_comments CASCADE`.execute(db);
      await sql`DELETE FROM stories WHERE import_source IS NOT NULL`.execute(db);
    });

    const file = (name: string, content: string | Buffer) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    };

    it('imports a Disqus export: stories, tree, placeholders, spam, orphans, depth cap, times without Z', async () => {
      const { report, changedStoryIds } = await runImport(db, { format: disqusFormat, path: DISQUS });

      expect(report.lines().slice(1, 5)).toEqual([
        'stories: 2 created, 0 matched, 2 skipped',
        'comments: 18 new, 0 already imported (new: 1 placeholders, 1 spam, 0 pending review)',
        'skipped: 3 posts; orphans: 2',
        'authors: 6 created, 0 matched',
      ]);
      expect(changedStoryIds).toHaveLength(2);
      const rows = await comments(db);
      expect([...rows.keys()].sort()).toEqual(
        [
          '100',
          '101',
          '102',
          '103',
          '105',
          '106',
          '200',
          ...Array.from({ length: 11 }, (_, k) => String(300 + k)),
        ].sort(),
      );
      expect(rows.get('101')).toMatchObject({ parent: '100', depth: 1, body: 'Escaped **HTML** reply' });
      expect(rows.get('102')).toMatchObject({ status: 'deleted', body: '' });
      expect(rows.get('103')).toMatchObject({ parent: '102', depth: 1 });
      expect(rows.get('105')).toMatchObject({ status: 'rejected' });
      expect(rows.get('106')).toMatchObject({ parent: null, depth: 0 });
      expect(rows.get('309')).toMatchObject({ parent: '307', depth: 8 });
      expect(rows.get('310')).toMatchObject({ parent: '307', depth: 8 });
      expect(rows.get('101')!.createdAt.toISOString()).toBe('2019-05-01T09:40:00.000Z');
      // No script, no javascript: address survives; the http link does.
      const first = rows.get('100')!.body;
      expect(first).toBe(
        'First **bold** and *italic* point.\n\nSecond line\nbroken\n\n> quoted words\n\nclick me and a source (https://example.org/page)',
      );
      for (const row of rows.values()) expect(row.body).not.toMatch(/script|javascript:|alert|steal/);

      const { rows: stories } = await sql<{
        externalId: string | null;
        url: string;
        commentsOpen: boolean;
        visible: number;
      }>`
        SELECT s.external_id, s.url, s.comments_open,
               (s.comment_count + COALESCE((SELECT sum(delta) FROM story_comment_counts c WHERE c.story_id = s.id), 0))::int AS visible
          FROM stories s WHERE s.import_source = 'disqus' ORDER BY s.url`.execute(db);
      expect(stories).toEqual([
        {
          externalId: 'cms-101',
          url: 'https://news.example.org/politics/budget',
          commentsOpen: true,
          visible: 15,
        },
        { externalId: null, url: 'https://news.example.org/sport/final', commentsOpen: false, visible: 1 },
      ]);
      const { rows: spamLog } = await sql<{ action: string; reason: string }>`
        SELECT action, reason FROM moderation_actions`.execute(db);
      expect(spamLog).toEqual([{ action: 'auto_reject', reason: 'spam' }]);
      const { rows: accounts } = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM users WHERE import_source = 'disqus' AND password_hash IS NULL AND sso_subject IS NULL`.execute(
        db,
      );
      expect(accounts[0]!.n).toBe(6);
    });

    it('adds nothing when run again, and leaves existing comments as they were', async () => {
      await runImport(db, { format: disqusFormat, path: DISQUS });
      const before = await census(db);
      const { rows: snapshot } = await sql`SELECT * FROM comments ORDER BY id`.execute(db);

      const { report } = await runImport(db, { format: disqusFormat, path: DISQUS });

      expect(report.lines()[2]).toBe(
        'comments: 0 new, 18 already imported (new: 0 placeholders, 0 spam, 0 pending review)',
      );
      expect(report.lines()[1]).toBe('stories: 0 created, 2 matched, 2 skipped');
      expect(report.lines()[4]).toBe('authors: 0 created, 6 matched');
      expect(await census(db)).toEqual(before);
      expect((await sql`SELECT * FROM comments ORDER BY id`.execute(db)).rows).toEqual(snapshot);
    });

    it('completes a run that stopped half-way when run again', async () => {
      // The publishing transaction fails (as a crash would): the staged batches stay, nothing shows.
      await sql`CREATE FUNCTION fail_import() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'power cut'; END $$`.execute(db);
      await sql`CREATE TRIGGER fail_import BEFORE INSERT ON comments FOR EACH ROW EXECUTE FUNCTION fail_import()`.execute(
        db,
      );
      try {
        await expect(runImport(db, { format: disqusFormat, path: DISQUS })).rejects.toThrow(/power cut/);
      } finally {
        await sql`DROP TRIGGER fail_import ON comments`.execute(db);
        await sql`DROP FUNCTION fail_import()`.execute(db);
      }
      expect(await census(db)).toMatchObject({ comments: 0, staged: 18 });

      const { report } = await runImport(db, { format: disqusFormat, path: DISQUS });

      expect(report.commentsNew).toBe(18);
      expect(await census(db)).toMatchObject({ comments: 18, staged: 0, stories: 3 });
    });

    it('writes nothing in a dry run, and reports what a run would do', async () => {
      const before = await census(db);

      const dry = await runImport(db, { format: disqusFormat, path: DISQUS, dryRun: true });

      expect(await census(db)).toEqual(before);
      const real = await runImport(db, { format: disqusFormat, path: DISQUS });
      const counts = (lines: string[]) => lines.slice(1).filter((line) => !line.startsWith('time: '));
      expect(counts(dry.report.lines())).toEqual(counts(real.report.lines()));
      expect(dry.report.lines()[0]).toMatch(/dry run: nothing was written/);
    });

    it('leaves spam out with skipSpam, and reads gzip whatever the file is called', async () => {
      const gzipped = file('export.xml', gzipSync(readFileSync(DISQUS)));

      const { report } = await runImport(db, { format: disqusFormat, path: gzipped, skipSpam: true });

      expect(report.commentsNew).toBe(17);
      expect(report.spam).toBe(0);
      expect(report.skipped.byReason.get('spam_skipped')).toBe(1);
      expect(await census(db)).toMatchObject({ actions: 0, comments: 17 });
    });

    it('matches a story by its CMS id and one by its URL, and adds to their threads', async () => {
      await sql`INSERT INTO stories (slug, title, body, published_at, external_id, url)
        VALUES ('budget', 'Budget', '', now(), 'cms-101', 'https://news.example.org/elsewhere'),
               ('final', 'Final', '', now(), NULL, 'https://news.example.org/sport/final')`.execute(db);
      try {
        const { report } = await runImport(db, { format: disqusFormat, path: DISQUS });

        expect(report.storiesMatched).toBe(2);
        expect(report.storiesCreated).toBe(0);
      } finally {
        await sql`TRUNCATE comments CASCADE`.execute(db);
        await sql`DELETE FROM stories WHERE slug IN ('budget', 'final')`.execute(db);
      }
    });

    it('makes one story of two threads of one page, with a slug no other story has', async () => {
      await sql`INSERT INTO stories (slug, title, body, published_at, url)
        VALUES ('twice', 'Twice', '', now(), 'https://news.example.org/other')`.execute(db);
      const thread = (key: string, id: string) =>
        `<thread dsq:id="${key}"><id>${id}</id><link>https://news.example.org/twice/</link><title>Twice</title></thread>`;
      const post = (key: string, thread: string) =>
        `<post dsq:id="${key}"><message>hi ${key}</message><createdAt>2020-01-01T00:00:00Z</createdAt>` +
        `<author><name>A</name></author><thread dsq:id="${thread}"/></post>`;
      const path = file(
        'twice.xml',
        `<disqus xmlns:dsq="x">${thread('1', '')}${thread('2', 'cms-2')}${post('a', '1')}${post('b', '2')}</disqus>`,
      );
      try {
        const { report } = await runImport(db, { format: disqusFormat, path });

        expect([report.storiesCreated, report.commentsNew]).toEqual([1, 2]);
        const { rows } = await sql<{ slug: string; n: number }>`
          SELECT s.slug, count(c.id)::int AS n FROM stories s JOIN comments c ON c.story_id = s.id
           WHERE s.import_source = 'disqus' GROUP BY s.slug`.execute(db);
        expect(rows).toEqual([{ slug: 'twice-2', n: 2 }]);
      } finally {
        await sql`DELETE FROM stories WHERE slug = 'twice'`.execute(db);
      }
    });

    it('imports WordPress: approved published, unapproved pending, spam rejected, trash and pingbacks skipped', async () => {
      const { report } = await runImport(db, {
        format: wordpressFormat,
        path: join(FIXTURES, 'wordpress.xml'),
      });

      expect(report.lines().slice(1, 5)).toEqual([
        // The page without comments is no story to make, nor a skipped one.
        'stories: 1 created, 0 matched, 0 skipped',
        'comments: 4 new, 0 already imported (new: 0 placeholders, 1 spam, 1 pending review)',
        'skipped: 2 posts; orphans: 0',
        'authors: 4 created, 0 matched',
      ]);
      const rows = await comments(db);
      expect(rows.get('11')).toMatchObject({
        status: 'published',
        body: 'First paragraph.\n\nSecond, with **weight**\nand a new line. bad',
      });
      expect(rows.get('11')!.createdAt.toISOString()).toBe('2020-01-01T09:00:00.000Z');
      expect(rows.get('12')).toMatchObject({ parent: '11', depth: 1 });
      expect(rows.get('13')).toMatchObject({ status: 'pending' });
      expect(rows.get('14')).toMatchObject({ status: 'rejected' });
      const { rows: stories } = await sql<{ externalId: string; commentsOpen: boolean }>`
        SELECT external_id, comments_open FROM stories WHERE import_source = 'wordpress'`.execute(db);
      expect(stories).toEqual([{ externalId: 'wp-7', commentsOpen: false }]);
    });

    it('tells a Disqus export given to the WordPress importer for what it is', async () => {
      await expect(runImport(db, { format: wordpressFormat, path: DISQUS })).rejects.toThrow(
        'line 2: this looks like a Disqus export: use `import disqus`',
      );
    });

    describe('refuses input it cannot read, writing nothing', () => {
      const disqus = readFileSync(DISQUS);
      const cases: [string, () => string, RegExp][] = [
        ['malformed XML, with its line', () => join(FIXTURES, 'malformed.xml'), /^line 16: malformed XML: /],
        ['a DTD (entity expansion)', () => join(FIXTURES, 'bomb.xml'), /^line \d+: the file declares a DTD/],
        [
          'a WordPress export given as Disqus',
          () => join(FIXTURES, 'wordpress.xml'),
          /this looks like a WordPress export: use `import wordpress`/,
        ],
        [
          'a truncated gzip',
          () => file('cut.xml.gz', gzipSync(disqus).subarray(0, 900)),
          /ends too early \(a truncated download\?\)/,
        ],
        [
          'invalid UTF-8',
          () =>
            file(
              'latin1.xml',
              Buffer.concat([disqus.subarray(0, 2000), Buffer.from([0xe9, 0x20]), disqus.subarray(2000)]),
            ),
          /^line \d+: the file is not valid UTF-8/,
        ],
        [
          'a message larger than any comment',
          () =>
            file(
              'huge.xml',
              disqus.toString('utf8').replace('What a match', 'x'.repeat(MAX_ELEMENT_TEXT + 1)),
            ),
          /<message> \(from line \d+\) holds more than 1,000,000 characters/,
        ],
        [
          'an empty file',
          () => file('empty.xml', ''),
          /^line 1: malformed XML: document must contain a root element/,
        ],
        ['a missing file', () => join(dir, 'nope.xml'), /cannot read .*nope\.xml/],
      ];

      it.each(cases)('%s', async (_name, path, message) => {
        const before = await census(db);

        const error = await runImport(db, { format: disqusFormat, path: path() }).catch(
          (caught: unknown) => caught,
        );

        expect(error).toBeInstanceOf(ImportInputError);
        expect((error as Error).message).toMatch(message);
        expect(await census(db)).toEqual(before);
      });
    });
  });
});
