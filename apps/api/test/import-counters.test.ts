import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type DatabaseEngine, type DB, type Kysely } from '@parley/db';
import { createTestDatabase, testEngines, type TestDatabase } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disqusFormat } from '../src/import/disqus-format.js';
import { runImport } from '../src/import/importer.js';

/** Every counter the importer keeps (story, replies, authors), beside a recount from the rows; only those that differ. */
async function drift(
  db: Kysely<DB>,
): Promise<{ kind: string; id: string; stored: number; counted: number }[]> {
  const { rows } = await sql<{ kind: string; id: string; stored: number; counted: number }>`
    SELECT 'story' AS kind, s.id,
           (s.comment_count + COALESCE((SELECT sum(k.delta) FROM story_comment_counts k WHERE k.story_id = s.id), 0))::int AS stored,
           (SELECT count(*) FROM comments c WHERE c.story_id = s.id AND c.status IN ('published', 'approved'))::int AS counted
      FROM stories s
    UNION ALL
    SELECT 'replies', p.id, p.reply_count,
           (SELECT count(*) FROM comments c WHERE c.parent_id = p.id AND c.status IN ('published', 'approved'))::int
      FROM comments p
    UNION ALL
    SELECT 'approved', u.id, u.approved_count,
           (SELECT count(*) FROM comments c WHERE c.author_id = u.id AND c.status = 'approved')::int
      FROM users u
    UNION ALL
    SELECT 'rejected', u.id, u.rejected_count,
           (SELECT count(*) FROM comments c WHERE c.author_id = u.id AND c.status = 'rejected')::int
      FROM users u`.execute(db);
  return rows.filter((row) => Number(row.stored) !== Number(row.counted));
}

const THREAD =
  '<thread dsq:id="1"><id>cms-7</id><link>https://news.example.org/counted</link><title>Counted</title>' +
  '<createdAt>2020-01-01T00:00:00Z</createdAt></thread>';

function post(
  id: number,
  options: { parent?: number; spam?: boolean; deleted?: boolean; user?: string } = {},
) {
  const user = options.user ?? `reader${id % 3}`;
  return (
    `<post dsq:id="${id}"><message><![CDATA[<p>Post ${id}</p>]]></message>` +
    `<createdAt>2020-01-0${1 + (id % 8)}T10:00:00Z</createdAt>` +
    `<isDeleted>${options.deleted ?? false}</isDeleted><isSpam>${options.spam ?? false}</isSpam>` +
    `<author><name>${user}</name><username>${user}</username></author><thread dsq:id="1"/>` +
    (options.parent ? `<parent dsq:id="${options.parent}"/>` : '') +
    '</post>'
  );
}

describe('counters after an import', () => {
  describe.each(testEngines())('on %s', (engine: DatabaseEngine) => {
    let database: TestDatabase;
    let db: Kysely<DB>;
    let dir: string;

    beforeAll(async () => {
      database = await createTestDatabase(engine, { prepare: true });
      db = database.db;
      dir = mkdtempSync(join(tmpdir(), 'parley-import-counters-'));
    });
    afterAll(async () => {
      await database?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const importXml = async (name: string, posts: string[]) => {
      const path = join(dir, name);
      writeFileSync(path, `<disqus xmlns:dsq="x">${THREAD}${posts.join('')}</disqus>`);
      return (await runImport(db, { format: disqusFormat, path })).report;
    };

    it('equal a recount when the story already had comments, written and imported', async () => {
      const { rows: story } = await sql<{ id: string }>`
        INSERT INTO stories (slug, title, body, published_at, external_id, url)
        VALUES ('counted', 'Counted', '', now(), 'cms-7', 'https://news.example.org/counted') RETURNING id`.execute(
        db,
      );
      const storyId = story[0]!.id;
      const { rows: users } = await sql<{ id: string }>`
        INSERT INTO users (username, display_name, password_hash) VALUES ('local', 'Local', 'x') RETURNING id`.execute(
        db,
      );
      const userId = users[0]!.id;
      // Comments written the ordinary way (the per-row trigger counts them): a thread and a refusal.
      const [top, refused] = [randomUUID(), randomUUID()];
      await sql`INSERT INTO comments (id, story_id, root_id, author_id, body, status, depth)
        VALUES (${top}, ${storyId}, ${top}, ${userId}, 'Local top', 'published', 0),
               (${refused}, ${storyId}, ${refused}, ${userId}, 'Local refused', 'rejected', 0)`.execute(db);
      await sql`INSERT INTO comments (story_id, parent_id, root_id, author_id, body, status, depth)
        VALUES (${storyId}, ${top}, ${top}, ${userId}, 'Local reply', 'published', 1)`.execute(db);

      const first = await importXml('first.xml', [post(1), post(2, { parent: 1 }), post(3, { spam: true })]);
      expect(first.commentsNew).toBe(3);
      const { rows: before } = await sql<{ updatedAt: Date }>`
        SELECT updated_at FROM comments WHERE import_id = '1'`.execute(db);

      // The second file answers posts the first brought (their counts must grow), and brings new
      // threads of its own: a reply chain, a placeholder kept for its reply, more spam by a known author.
      const second = await importXml('second.xml', [
        post(1),
        post(2, { parent: 1 }),
        post(3, { spam: true }),
        post(4, { parent: 1 }),
        post(5, { parent: 4 }),
        post(6, { parent: 5, user: 'reader0' }),
        post(7, { deleted: true }),
        post(8, { parent: 7 }),
        post(9, { spam: true, user: 'reader0' }),
        post(10, { parent: 2, spam: true }),
      ]);
      expect([second.commentsNew, second.commentsAlreadyImported, second.placeholders, second.spam]).toEqual([
        7, 3, 1, 2,
      ]);

      expect(await drift(db)).toEqual([]);
      const count = async (query: { execute(on: Kysely<DB>): Promise<{ rows: { n: number }[] }> }) =>
        (await query.execute(db)).rows[0]!.n;
      // 2 written + 1 and 2 imported first, then 4, 5, 6, 8 (the placeholder, spam and refusals are not counted).
      expect(
        await count(sql<{ n: number }>`
          SELECT (s.comment_count + COALESCE((SELECT sum(delta) FROM story_comment_counts WHERE story_id = s.id), 0))::int AS n
            FROM stories s WHERE s.id = ${storyId}`),
      ).toBe(8);
      const replies = async (importId: string) =>
        count(sql<{ n: number }>`SELECT reply_count AS n FROM comments WHERE import_id = ${importId}`);
      expect([await replies('1'), await replies('2'), await replies('4'), await replies('7')]).toEqual([
        2, 0, 1, 1,
      ]);
      expect(
        await count(sql<{ n: number }>`
          SELECT rejected_count AS n FROM users WHERE import_key = 'username:reader0'`),
      ).toBe(2);
      // A comment that gained replies shows it changed, as the trigger marks it.
      const { rows: after } = await sql<{ updatedAt: Date }>`
        SELECT updated_at FROM comments WHERE import_id = '1'`.execute(db);
      expect(after[0]!.updatedAt.getTime()).toBeGreaterThan(before[0]!.updatedAt.getTime());

      // The import's own way of counting ended with its transaction: an ordinary reply is counted by the trigger.
      await sql`INSERT INTO comments (story_id, parent_id, root_id, author_id, body, status, depth)
        SELECT story_id, id, root_id, ${userId}, 'Later reply', 'published', depth + 1
          FROM comments WHERE import_id = '5'`.execute(db);
      expect(await replies('5')).toBe(2);
      expect(await drift(db)).toEqual([]);
    });
  });
});
