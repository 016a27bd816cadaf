/**
 * The search scenario's corpus: `total` comments over thousands of stories and authors, written
 * in English, Russian and Serbian (both scripts) from the word lists of search-text.ts, set-based
 * (INSERT … SELECT … FROM generate_series), deterministic (setseed), as a site that has run for two
 * years would hold them. The text search index is dropped for the insert and built once after it,
 * as a restore would, which is minutes faster than updating it a row at a time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { withClient } from './database.js';
import { FIRST_NAMES, seedLanguages, SURNAMES } from './search-text.js';
import { REPO_ROOT } from './servers.js';

/** The comments' text search index of migration 2026_12_07_0008_comment_search, exactly. */
export const BODY_INDEX = 'comments_body_search_idx';
export const BODY_INDEX_SQL = `CREATE INDEX ${BODY_INDEX} ON comments USING gin (to_tsvector('simple', body))`;

export interface SearchSeed {
  comments: number;
  stories: number;
  authors: number;
  seconds: number;
  indexSeconds: number;
  /** A story with many comments, and an author with many, for the filtered queries. */
  busyStory: { id: string; slug: string; comments: number };
  busyAuthor: { id: string; comments: number };
}

/** How many stories and authors a corpus of `total` comments has: a site's proportions, at least a few. */
export function corpusShape(total: number): { stories: number; authors: number } {
  return {
    stories: Math.max(20, Math.round(total / 300)),
    authors: Math.max(50, Math.round(total / 200)),
  };
}

/** Builds the text search index (again), with memory enough to sort it in one pass. */
export async function buildBodyIndex(client: pg.Client): Promise<number> {
  const started = performance.now();
  await client.query(`SET maintenance_work_mem = '256MB'`);
  await client.query(BODY_INDEX_SQL);
  await client.query('RESET maintenance_work_mem');
  return Math.round((performance.now() - started) / 100) / 10;
}

export async function seedSearchCorpus(url: string, total: number): Promise<SearchSeed> {
  const started = performance.now();
  const article = JSON.parse(
    readFileSync(join(REPO_ROOT, 'packages/db/src/seed/lavrov-article.json'), 'utf8'),
  ) as { paragraphs: string[] };
  const languages = seedLanguages(article);
  const { stories, authors } = corpusShape(total);
  return withClient(url, async (client) => {
    await client.query('SELECT setseed(0.21)');
    // One row per language: its words, and the share of comments (cumulative, to pick by a number in [0, 1)).
    await client.query(`CREATE TEMP TABLE bench_vocab (lang int, words text[], n int, upto float8)`);
    let upto = 0;
    for (const [index, language] of languages.entries()) {
      upto += language.share;
      await client.query('INSERT INTO bench_vocab VALUES ($1, $2, $3, $4)', [
        index,
        language.words,
        language.words.length,
        index === languages.length - 1 ? 1 : upto,
      ]);
    }
    // A word of a language, skewed to the front of its list (most used first).
    // (`+ 0 * i` ties the aggregate to the inner query: with outer columns only, Postgres would
    // aggregate at the outer level.)
    const word = (vocab: string) =>
      `${vocab}.words[1 + 0 * i + floor(${vocab}.n * power(random(), 2.2))::int]`;
    const text = (vocab: string, count: string) =>
      `(SELECT string_agg(${word(vocab)}, ' ') FROM generate_series(1, ${count}) i)`;

    await client.query(
      `INSERT INTO users (username, display_name, password_hash, created_at)
       SELECT 'bench_s' || g, ($2::text[])[1 + g % cardinality($2::text[])] || ' ' || ($3::text[])[1 + (g / 7) % cardinality($3::text[])],
              'not-a-password-hash', now() - interval '800 days'
         FROM generate_series(1, $1) g`,
      [authors, FIRST_NAMES, SURNAMES],
    );
    await client.query(
      `INSERT INTO stories (slug, title, body, published_at)
       SELECT 'bench-search-' || g, initcap(${text('v', '4 + g % 6')}), 'A seeded story.',
              now() - interval '730 days' + g * (interval '730 days' / $1)
         FROM generate_series(1, $1) g,
              LATERAL (SELECT * FROM bench_vocab WHERE upto > (g % 10) / 10.0 ORDER BY upto LIMIT 1) v`,
      [stories],
    );
    // Numbered, to pick one by a number with a hash join (an array of thousands of ids would be
    // read whole for every row).
    await client.query(`CREATE TEMP TABLE bench_stories AS
      SELECT row_number() OVER (ORDER BY created_at, slug) - 1 AS n, id FROM stories WHERE slug LIKE 'bench-search-%'`);
    await client.query(`CREATE TEMP TABLE bench_authors AS
      SELECT row_number() OVER (ORDER BY username) - 1 AS n, id FROM users WHERE username LIKE 'bench\\_s%'`);
    // Temporary tables have no statistics until analysed.
    await client.query('ANALYZE bench_stories, bench_authors');

    await client.query('BEGIN');
    // As seedThread: counter triggers off, and as a superuser no foreign-key checks either.
    await client.query('SAVEPOINT replica');
    const replica = await client.query('SET LOCAL session_replication_role = replica').then(
      () => true,
      () => client.query('ROLLBACK TO SAVEPOINT replica').then(() => false),
    );
    await client.query('ALTER TABLE comments DISABLE TRIGGER USER');
    await client.query(`DROP INDEX IF EXISTS ${BODY_INDEX}`);
    // Stories and authors skewed (a few busy ones, a long tail), statuses as a moderated site has
    // them, times spread over two years.
    await client.query(
      `INSERT INTO comments (id, story_id, parent_id, root_id, depth, author_id, body, status, created_at, updated_at)
       SELECT c.id, st.id, NULL, c.id, 0, au.id,
              upper(left(body, 1)) || substr(body, 2) || '.',
              CASE WHEN r < 0.93 THEN 'published' WHEN r < 0.96 THEN 'approved' WHEN r < 0.975 THEN 'pending'
                   WHEN r < 0.99 THEN 'rejected' ELSE 'deleted' END,
              at, at
         FROM (SELECT g, gen_random_uuid() AS id, random() AS r, random() AS pick,
                      now() - interval '730 days' + g * (interval '730 days' / $1) + interval '1 hour' AS at,
                      floor($2 * power(random(), 1.6))::int AS story, floor($3 * power(random(), 2))::int AS author
                 FROM generate_series(1, $1) g) c
              JOIN bench_stories st ON st.n = c.story
              JOIN bench_authors au ON au.n = c.author,
              -- 6 to 40 words, most near 15.
              LATERAL (SELECT ${text('v', '6 + floor(34 * power(random(), 1.5))::int')} AS body
                         FROM bench_vocab v WHERE v.upto > c.pick ORDER BY v.upto LIMIT 1) t`,
      [total, stories, authors],
    );
    await client.query(
      `UPDATE stories s SET comment_count = n.count
         FROM (SELECT story_id, count(*)::int AS count FROM comments
                WHERE status IN ('published', 'approved') GROUP BY story_id) n
        WHERE s.id = n.story_id AND s.slug LIKE 'bench-search-%'`,
    );
    await client.query('ALTER TABLE comments ENABLE TRIGGER USER');
    if (replica) await client.query('SET LOCAL session_replication_role = DEFAULT');
    await client.query('COMMIT');
    const indexSeconds = await buildBodyIndex(client);
    await client.query('VACUUM ANALYZE comments');
    await client.query('ANALYZE users');
    await client.query('ANALYZE stories');
    const story = await client.query<{ id: string; slug: string; comments: number }>(
      `SELECT s.id, s.slug, count(*)::int AS comments FROM comments c JOIN stories s ON s.id = c.story_id
        WHERE s.slug LIKE 'bench-search-%' GROUP BY s.id ORDER BY comments DESC, s.slug LIMIT 1`,
    );
    const author = await client.query<{ id: string; comments: number }>(
      `SELECT author_id AS id, count(*)::int AS comments FROM comments GROUP BY author_id ORDER BY comments DESC, author_id LIMIT 1`,
    );
    return {
      comments: total,
      stories,
      authors,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      indexSeconds,
      busyStory: story.rows[0]!,
      busyAuthor: author.rows[0]!,
    };
  });
}
