import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A throwaway database on the admin URL's server: `parley_bench_<hex>`, dropped at the end. */
export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `parley_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Runs `work` with one connection to the bench database. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function serverVersion(url: string): Promise<string> {
  return withClient(url, async (client) => {
    const result = await client.query<{ server_version: string }>('SHOW server_version');
    return result.rows[0]!.server_version;
  });
}

/**
 * Authors post as often as the bench asks: the per-author posting interval (3 s by default) is
 * set to 0 in the bench database. Every other rule (repeat check, word lists) stays as shipped.
 */
export async function allowFastPosting(url: string): Promise<void> {
  await withClient(url, (client) =>
    client.query('UPDATE site_settings SET post_interval_seconds = 0, updated_at = now()'),
  );
}

/**
 * Makes authors seasoned, as a newsroom's regulars are: past the new-user threshold, with
 * `history` approved comments each from an hour ago (inside the repeat window, so the repeat
 * check reads real rows), on the given story.
 */
export async function giveHistory(url: string, authorIds: string[], storyId: string, history: number) {
  await withClient(url, async (client) => {
    await client.query('UPDATE users SET approved_count = 10 WHERE id = ANY($1::uuid[])', [authorIds]);
    await client.query(
      `WITH past AS (
         SELECT gen_random_uuid() AS id, a, g, now() - interval '1 hour' + g * interval '1 s' AS at
           FROM unnest($1::uuid[]) a, generate_series(1, $3::int) g)
       INSERT INTO comments (id, story_id, root_id, depth, author_id, body, status, created_at, updated_at)
       SELECT id, $2::uuid, id, 0, a, 'An earlier remark, number ' || g || '.', 'published', at, at FROM past`,
      [authorIds, storyId, history],
    );
  });
}

/** Sets a story's premoderation mode (the writes scenario holds newcomers, as many newsrooms do). */
export async function setStoryPremod(url: string, storyId: string, premod: 'off' | 'new_users') {
  await withClient(url, (client) => client.query('UPDATE stories SET premod = $2 WHERE id = $1', [storyId, premod]));
}

/**
 * Users that only the baselines write as, so their inserts do not fill the history that Parley's
 * repeat check reads for its own authors. Returns their ids.
 */
export async function createBaselineAuthors(url: string, count: number): Promise<string[]> {
  return withClient(url, async (client) => {
    const suffix = randomBytes(3).toString('hex');
    const result = await client.query<{ id: string }>(
      `INSERT INTO users (username, display_name, password_hash)
       SELECT 'bench_b' || g || '_' || $2::text, 'Baseline ' || g, 'not-a-password-hash' FROM generate_series(1, $1) g
       RETURNING id`,
      [count, suffix],
    );
    return result.rows.map((row) => row.id);
  });
}

export async function storyId(url: string, slug: string): Promise<string> {
  return withClient(url, async (client) => {
    const result = await client.query<{ id: string }>('SELECT id FROM stories WHERE slug = $1', [slug]);
    if (!result.rows[0]) throw new Error(`no article "${slug}" in the bench database`);
    return result.rows[0].id;
  });
}

export interface SeedReport {
  storyId: string;
  topLevel: number;
  replies: number;
  reactions: number;
  users: number;
  seconds: number;
}

/**
 * Seeds one article with `total` comments (80% top-level, 20% replies to a skewed choice of
 * them) and likes on top-level comments, set-based: a few INSERT … SELECT FROM generate_series.
 * The counter triggers are off during the seed, and the counters are then set in one UPDATE each,
 * exactly as the triggers would have kept them. Deterministic (setseed), so runs compare.
 */
export async function seedThread(url: string, slug: string, total: number): Promise<SeedReport> {
  const started = performance.now();
  const users = 2000;
  const topLevel = Math.round(total * 0.8);
  const replies = total - topLevel;
  return withClient(url, async (client) => {
    await client.query('BEGIN');
    await client.query('SELECT setseed(0.42)');
    const article = await client.query<{ id: string }>(
      `INSERT INTO stories (slug, title, body, published_at) VALUES ($1, 'Bench: a long discussion', 'A seeded article.', now() - interval '40 days') RETURNING id`,
      [slug],
    );
    const id = article.rows[0]!.id;
    await client.query(
      `INSERT INTO users (username, display_name, password_hash)
       SELECT 'bench_r' || g, 'Reader ' || g, 'not-a-password-hash' FROM generate_series(1, $1) g
       ON CONFLICT DO NOTHING`,
      [users],
    );
    // Counter triggers off for the seed. As a superuser, `replica` mode also skips the foreign-key
    // checks (the generated rows are consistent by construction), which halves the seed time.
    await client.query('SAVEPOINT replica');
    const replica = await client.query('SET LOCAL session_replication_role = replica').then(
      () => true,
      () => client.query('ROLLBACK TO SAVEPOINT replica').then(() => false),
    );
    await client.query('ALTER TABLE comments DISABLE TRIGGER USER');
    await client.query('ALTER TABLE reactions DISABLE TRIGGER USER');
    // Users as an array, so each generated row picks its author by index.
    await client.query(`CREATE TEMP TABLE bench_users ON COMMIT DROP AS
      SELECT array_agg(id ORDER BY username) AS ids, count(*)::int AS n FROM users WHERE username LIKE 'bench\\_r%'`);
    const body = `'Seeded comment ' || g || '. ' || repeat('Lorem ipsum dolor sit amet, consectetur adipiscing elit. ', 1 + g % 4)`;
    // Top-level ids are md5-derived from their number, so replies can name a parent without a join.
    await client.query(
      `INSERT INTO comments (id, story_id, parent_id, root_id, depth, author_id, body, status, created_at, updated_at)
       SELECT md5($1 || g)::uuid, $2, NULL, md5($1 || g)::uuid, 0, u.ids[1 + g % u.n], ${body}, 'published',
              now() - interval '30 days' + g * interval '20 seconds', now() - interval '30 days' + g * interval '20 seconds'
         FROM generate_series(1, $3) g, bench_users u`,
      [`${slug}:`, id, topLevel],
    );
    // Replies go mostly to a few popular threads (cubed uniform), each after its parent.
    await client.query(
      `INSERT INTO comments (id, story_id, parent_id, root_id, depth, author_id, body, status, created_at, updated_at)
       SELECT gen_random_uuid(), $2, md5($1 || p)::uuid, md5($1 || p)::uuid, 1, u.ids[1 + (g * 7) % u.n], ${body}, 'published',
              now() - interval '30 days' + p * interval '20 seconds' + (1 + g % 1000) * interval '10 milliseconds',
              now() - interval '30 days' + p * interval '20 seconds' + (1 + g % 1000) * interval '10 milliseconds'
         FROM (SELECT g, least($3, 1 + floor($3 * power(random(), 3)))::int AS p FROM generate_series(1, $4) g) r, bench_users u`,
      [`${slug}:`, id, topLevel, replies],
    );
    // Likes: a long tail, most comments none or one, a few over ten.
    const reactions = await client.query(
      `INSERT INTO reactions (comment_id, user_id, kind)
       SELECT c.id, u.ids[1 + (abs(hashtext(c.id::text)) + j) % u.n], 'like'
         FROM comments c, bench_users u,
              LATERAL generate_series(1, floor(power((abs(hashtext(c.id::text)) % 10007) / 10007.0, 8) * 15)::int) j
        WHERE c.story_id = $1 AND c.parent_id IS NULL`,
      [id],
    );
    await client.query(
      `UPDATE comments c SET reply_count = r.n
         FROM (SELECT parent_id, count(*)::int AS n FROM comments WHERE story_id = $1 AND parent_id IS NOT NULL GROUP BY parent_id) r
        WHERE c.id = r.parent_id`,
      [id],
    );
    await client.query(
      `UPDATE comments c SET reaction_count = r.n
         FROM (SELECT comment_id, count(*)::int AS n FROM reactions GROUP BY comment_id) r
        WHERE c.id = r.comment_id AND c.story_id = $1`,
      [id],
    );
    await client.query(
      `UPDATE stories SET comment_count = (SELECT count(*) FROM comments WHERE story_id = $1 AND status IN ('published', 'approved')) WHERE id = $1`,
      [id],
    );
    await client.query('ALTER TABLE comments ENABLE TRIGGER USER');
    await client.query('ALTER TABLE reactions ENABLE TRIGGER USER');
    if (replica) await client.query('SET LOCAL session_replication_role = DEFAULT');
    await client.query('COMMIT');
    await client.query('VACUUM ANALYZE comments');
    await client.query('VACUUM ANALYZE reactions');
    await client.query('ANALYZE users');
    await client.query('ANALYZE stories');
    return {
      storyId: id,
      topLevel,
      replies,
      reactions: reactions.rowCount ?? 0,
      users,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  });
}

/** EXPLAIN (ANALYZE, BUFFERS) of one statement, as text. */
export async function explain(url: string, sql: string, params: unknown[]): Promise<string> {
  return withClient(url, async (client) => {
    const result = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    return result.rows.map((row) => row['QUERY PLAN']).join('\n');
  });
}

export interface DbActivity {
  samples: number;
  /** Mean number of the database's backends running a statement (state `active`). */
  activeMean: number;
  /** Share of active backend samples per wait event (`CPU` when not waiting), highest first. */
  waits: Record<string, number>;
}

/**
 * Samples `pg_stat_activity` of the bench database every `intervalMs` while a case runs: how many
 * backends were busy, and on what they waited (`Lock:tuple`, `LWLock:WALWrite`, `IO:DataFileRead`,
 * …). Tells a slow database (CPU, locks, I/O) from a slow application.
 */
export async function sampleActivity<T>(
  url: string,
  database: string,
  work: () => Promise<T>,
  intervalMs = 100,
): Promise<{ result: T; activity: DbActivity }> {
  const client = new pg.Client({ connectionString: url, application_name: 'parley-bench-sampler' });
  await client.connect();
  let samples = 0;
  let active = 0;
  const waits = new Map<string, number>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const rows = await client.query<{ wait: string | null }>(
        `SELECT wait_event_type || ':' || wait_event AS wait FROM pg_stat_activity
          WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()`,
        [database],
      );
      samples++;
      active += rows.rows.length;
      for (const row of rows.rows) waits.set(row.wait ?? 'CPU', (waits.get(row.wait ?? 'CPU') ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  try {
    const result = await work();
    return {
      result,
      activity: {
        samples,
        activeMean: samples ? Math.round((active / samples) * 100) / 100 : 0,
        waits: Object.fromEntries(
          [...waits]
            .sort((a, b) => b[1] - a[1])
            .map(([name, count]) => [name, Math.round((count / Math.max(1, active)) * 1000) / 1000]),
        ),
      },
    };
  } finally {
    running = false;
    await loop.catch(() => undefined);
    await client.end();
  }
}
