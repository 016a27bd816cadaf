import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../src/schema.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../src/testing.js';

// What readers can list in a thread: visible comments and the placeholders of deleted ones.
const LISTED = ['published', 'approved', 'deleted'] as const;
const ARTICLES = 20;
const COMMENTS = 3000;

async function plan(query: { explain(): Promise<Record<string, unknown>[]> }): Promise<string> {
  const rows = await query.explain();
  return rows.map((row) => String(Object.values(row)[0])).join('\n');
}

/** Enough rows over enough stories that the planner prefers an index to a sequential scan. */
async function fillComments(db: Kysely<DB>): Promise<string> {
  await sql`insert into users (username, display_name, password_hash) values ('planner', 'Planner', 'x')`.execute(
    db,
  );
  await sql`
    insert into stories (slug, title, body, published_at)
    select 'story-' || n, 'Story ' || n, 'Body.', now() from generate_series(1, ${ARTICLES}) n
  `.execute(db);
  await sql`
    insert into comments (id, story_id, root_id, depth, author_id, body, status, reaction_count, created_at)
    select c.id, c.story_id, c.id, 0, (select id from users where username = 'planner'), 'Comment ' || c.n,
           (array['published', 'published', 'approved', 'pending', 'rejected', 'deleted'])[1 + c.n % 6],
           c.n % 17, now() - make_interval(secs => c.n)
      from (
        select gen_random_uuid() as id, n, a.ids[1 + n % ${ARTICLES}] as story_id
          from generate_series(1, ${COMMENTS}) n
         cross join (select array_agg(id order by slug) as ids from stories) a
      ) c
  `.execute(db);
  await sql`
    insert into comments (story_id, parent_id, root_id, depth, author_id, body, status, created_at)
    select story_id, id, id, 1, author_id, 'Reply', 'published', created_at + interval '1 minute'
      from comments where depth = 0 and status = 'published'
  `.execute(db);
  await sql`analyze`.execute(db);
  const { rows } = await sql<{ id: string }>`select id from stories where slug = 'story-3'`.execute(db);
  return rows[0]!.id;
}

// The thread page is the hottest query: it must be served by the partial indexes, never a scan.
describe.each(testEngines())('thread page query plan on %s', (engine) => {
  let database: TestDatabase;
  let storyId: string;

  beforeAll(async () => {
    database = await createTestDatabase(engine, { prepare: true });
    storyId = await fillComments(database.db);
  });

  afterAll(async () => {
    await database?.close();
  });

  function topLevel() {
    return database.db
      .selectFrom('comments')
      .selectAll()
      .where('storyId', '=', storyId)
      .where('parentId', 'is', null)
      .where('status', 'in', LISTED);
  }

  it('reads the newest page from comments_thread_newest_idx without sorting', async () => {
    const text = await plan(topLevel().orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(21));

    expect(text).toMatch(/Index Scan using comments_thread_newest_idx/);
    expect(text).not.toMatch(/Seq Scan|Sort/);
  });

  it('reads a later newest page (keyset cursor) from the same index', async () => {
    const cursor = await topLevel()
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .offset(40)
      .limit(1)
      .executeTakeFirstOrThrow();
    const text = await plan(
      topLevel()
        .where((eb) => eb(eb.refTuple('createdAt', 'id'), '<', eb.tuple(cursor.createdAt, cursor.id)))
        .orderBy('createdAt', 'desc')
        .orderBy('id', 'desc')
        .limit(21),
    );

    expect(text).toMatch(/Index Scan using comments_thread_newest_idx/);
    expect(text).not.toMatch(/Seq Scan/);
  });

  it('reads the top page from comments_thread_top_idx', async () => {
    const text = await plan(
      topLevel()
        .orderBy('reactionCount', 'desc')
        .orderBy('createdAt', 'desc')
        .orderBy('id', 'desc')
        .limit(21),
    );

    expect(text).toMatch(/Index Scan using comments_thread_top_idx/);
    expect(text).not.toMatch(/Seq Scan|Sort/);
  });

  it('reads a comment’s replies from comments_replies_idx', async () => {
    const parent = await topLevel().where('status', '=', 'published').limit(1).executeTakeFirstOrThrow();
    const text = await plan(
      database.db
        .selectFrom('comments')
        .selectAll()
        .where('parentId', '=', parent.id)
        .where('status', 'in', LISTED)
        .orderBy('createdAt')
        .orderBy('id')
        .limit(21),
    );

    expect(text).toMatch(/Index Scan using comments_replies_idx/);
  });
});
