import type { CommentStatus, Story } from '@parley/db';
import { FIELD_MESSAGES, type CommentSearchPage } from '@parley/shared';
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from '@parley/db';
import { beforeAll, expect, it } from 'vitest';
import { ORDERED_SCAN_BUDGET } from '../src/search/comment-search.repository.js';
import { createStory, createUser, type TestUser } from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';
import { appSuite } from './support/suite.js';

/** A word no other test writes, so a search finds only this test's comments. */
const token = (prefix = 'zq') => `${prefix}${randomBytes(4).toString('hex')}`;

appSuite('moderators search comments', (app) => {
  let moderator: TestUser;
  let author: TestUser;

  beforeAll(async () => {
    moderator = await createUser(app, { role: 'moderator' });
    author = await createUser(app);
  });

  /** A comment straight in the database, `secondsAgo` old. */
  async function comment(
    story: Story,
    body: string,
    options: { status?: CommentStatus; secondsAgo?: number; by?: TestUser } = {},
  ): Promise<string> {
    const id = randomUUID();
    const at = new Date(Date.now() - (options.secondsAgo ?? 0) * 1000);
    await app.db
      .insertInto('comments')
      .values({
        id,
        storyId: story.id,
        rootId: id,
        depth: 0,
        parentId: null,
        authorId: (options.by ?? author).me.id,
        body,
        status: options.status ?? 'published',
        createdAt: at,
        updatedAt: at,
      })
      .execute();
    return id;
  }

  async function search(query: Record<string, string>, client = moderator.client) {
    return client.get<CommentSearchPage>(`/api/moderation/search?${new URLSearchParams(query).toString()}`);
  }

  async function found(query: Record<string, string>): Promise<string[]> {
    const response = await search(query);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.items.map((item) => item.id);
  }

  it('finds Cyrillic and Latin words, whatever their case, with the comment, its author and story', async () => {
    const story = await createStory(app.db);
    const russian = await comment(story, 'Привет, мир! Новости сегодня хорошие.');
    const serbianCyrillic = await comment(story, 'Здраво свете, ово је коментар.');
    const serbianLatin = await comment(story, 'Zdravo svete, ovo je komentar sa čćžšđ.');
    const english = await comment(story, 'The quick brown fox jumps over the lazy dog.');
    expect(await found({ q: 'новости', story: story.slug })).toEqual([russian]);
    expect(await found({ q: 'НОВОСТИ', story: story.slug })).toEqual([russian]);
    expect(await found({ q: 'коментар', story: story.slug })).toEqual([serbianCyrillic]);
    expect(await found({ q: 'komentar', story: story.slug })).toEqual([serbianLatin]);
    expect(await found({ q: 'čćžšđ', story: story.slug })).toEqual([serbianLatin]);
    expect(await found({ q: 'LAZY dog', story: story.slug })).toEqual([english]);
    const page = await search({ q: 'fox', story: story.id });
    expect(page.body.items).toEqual([
      expect.objectContaining({
        id: english,
        status: 'published',
        body: 'The quick brown fox jumps over the lazy dog.',
        author: expect.objectContaining({ id: author.me.id, username: author.username }),
        story: { id: story.id, slug: story.slug, title: story.title },
        rank: null,
      }),
    ]);
  });

  it('matches "quoted phrases" in order, word* prefixes, and leaves out -words', async () => {
    const story = await createStory(app.db);
    const inOrder = await comment(story, 'a quick brown fox');
    const reversed = await comment(story, 'a brown quick fox');
    const moderation = await comment(story, 'Moderation is hard', { secondsAgo: 1 });
    const moderator = await comment(story, 'Модератор и moderator', { secondsAgo: 2 });
    await comment(story, 'a model answer');
    expect(await found({ q: '"quick brown"', story: story.slug })).toEqual([inOrder]);
    expect((await found({ q: 'quick brown', story: story.slug })).sort()).toEqual([inOrder, reversed].sort());
    expect(await found({ q: 'moder*', story: story.slug })).toEqual([moderation, moderator]);
    expect(await found({ q: 'модер*', story: story.slug })).toEqual([moderator]);
    expect(await found({ q: 'moder* -hard', story: story.slug })).toEqual([moderator]);
    expect(await found({ q: '"brown qu*"', story: story.slug })).toEqual([reversed]);
  });

  it("finds comments by their author's name and by their story's title", async () => {
    const name = token('Name');
    const title = token('title');
    const named = await createUser(app, { displayName: `Ana ${name}` });
    const story = await createStory(app.db, { title: `Elections ${title}` });
    const other = await createStory(app.db);
    const byName = await comment(other, 'nothing to see', { by: named });
    const onStory = await comment(story, 'nothing either');
    expect(await found({ q: name.toLowerCase() })).toEqual([byName]);
    expect(await found({ q: named.username })).toEqual([byName]);
    expect(await found({ q: title })).toEqual([onStory]);
  });

  it('filters by author, story, status and time; shows pending and rejected, never deleted', async () => {
    const word = token();
    const story = await createStory(app.db);
    const elsewhere = await createStory(app.db);
    const someoneElse = await createUser(app);
    const published = await comment(story, `${word} published`, { secondsAgo: 10 });
    const pending = await comment(story, `${word} pending`, { status: 'pending', secondsAgo: 20 });
    const rejected = await comment(story, `${word} rejected`, { status: 'rejected', secondsAgo: 30 });
    await comment(story, `${word} deleted`, { status: 'deleted', secondsAgo: 5 });
    const old = await comment(elsewhere, `${word} old`, { secondsAgo: 3600, by: someoneElse });
    expect(await found({ q: word })).toEqual([published, pending, rejected, old]);
    expect(await found({ q: word, story: story.slug })).toEqual([published, pending, rejected]);
    expect(await found({ q: word, user: someoneElse.me.id })).toEqual([old]);
    expect(await found({ q: word, status: 'pending' })).toEqual([pending]);
    expect(await found({ q: word, status: 'rejected' })).toEqual([rejected]);
    const hourAgo = new Date(Date.now() - 60_000).toISOString();
    expect(await found({ q: word, from: hourAgo })).toEqual([published, pending, rejected]);
    expect(await found({ q: word, to: hourAgo })).toEqual([old]);
    // Filters alone, with no text, list the story's comments (still no deleted ones).
    expect(await found({ story: story.slug })).toEqual([published, pending, rejected]);
    const deleted = await search({ q: word, status: 'deleted' });
    expect(deleted.status).toBe(400);
    expect(errorOf(deleted).fields).toHaveProperty('status');
  });

  it('pages newest first by keyset and by rank by position, without repeats', async () => {
    const word = token();
    const story = await createStory(app.db);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++)
      ids.push(await comment(story, `${word} ${'again '.repeat(i)}`, { secondsAgo: i }));
    for (const sort of ['newest', 'rank']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const response: Awaited<ReturnType<typeof search>> = await search({
          q: word,
          sort,
          limit: '3',
          ...(cursor && { cursor }),
        });
        expect(response.status).toBe(200);
        seen.push(...response.body.items.map((item) => item.id));
        cursor = response.body.nextCursor;
      } while (cursor);
      expect(seen, sort).toHaveLength(7);
      expect(new Set(seen).size, sort).toBe(7);
      if (sort === 'newest') expect(seen).toEqual(ids);
    }
    const ranked = await search({ q: word, sort: 'rank' });
    expect(ranked.body.items.every((item) => typeof item.rank === 'number')).toBe(true);
  });

  it('pages a text the same whether it is common among the newest comments or rare there', async () => {
    const [common, rare] = [token(), token()];
    const story = await createStory(app.db);
    // Newer than everything else in this file: the rows the first, date-ordered pass reads.
    const fresh = ORDERED_SCAN_BUDGET + 100;
    await sql`
      INSERT INTO comments (id, story_id, root_id, depth, author_id, body, status, created_at, updated_at)
      SELECT id, ${story.id}::uuid, id, 0, ${author.me.id}::uuid,
             CASE WHEN n % 50 = 0 THEN ${common} || ' filler' WHEN n = 7 THEN ${rare} ELSE 'filler' END,
             'published', now() + interval '1 hour' - n * interval '1 ms', now()
      FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, ${fresh}) AS n) AS rows`.execute(
      app.db,
    );
    const older = [];
    for (let i = 1; i <= 4; i++) older.push(await comment(story, `${rare} older`, { secondsAgo: i }));
    const pages = async (q: string, narrow: Record<string, string> = {}) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const response: Awaited<ReturnType<typeof search>> = await search({
          q,
          limit: '2',
          ...narrow,
          ...(cursor && { cursor }),
        });
        expect(response.status).toBe(200);
        seen.push(...response.body.items.map((item) => item.id));
        cursor = response.body.nextCursor;
      } while (cursor);
      return seen;
    };
    const expected = async (word: string, only: { authorId?: string; storyId?: string } = {}) =>
      (
        await app.db
          .selectFrom('comments')
          .select('id')
          .where('body', 'like', `${word}%`)
          .$if(only.authorId !== undefined, (query) => query.where('authorId', '=', only.authorId!))
          .$if(only.storyId !== undefined, (query) => query.where('storyId', '=', only.storyId!))
          .orderBy('createdAt', 'desc')
          .orderBy('id', 'desc')
          .execute()
      ).map((row) => row.id);
    // Common: 42 matches among the newest rows. Rare: one there, four older than all of them.
    expect(await pages(common)).toEqual(await expected(common));
    const rareFound = await pages(rare);
    expect(rareFound).toHaveLength(5);
    expect(rareFound.slice(1)).toEqual(older);
    expect(rareFound).toEqual(await expected(rare));
    // Narrowed to an author (the first pass reads theirs) or a story: the same pages, theirs only.
    const other = await createUser(app);
    const otherStory = await createStory(app.db);
    for (let i = 0; i < 3; i++)
      await comment(otherStory, `${rare} by another`, { by: other, secondsAgo: 10 + i });
    expect(await pages(rare, { user: author.me.id })).toEqual(
      await expected(rare, { authorId: author.me.id }),
    );
    expect(await pages(rare, { user: other.me.id })).toHaveLength(3);
    expect(await pages(rare, { story: story.id })).toEqual(await expected(rare, { storyId: story.id }));
    expect(await pages(common, { user: author.me.id, story: story.id })).toEqual(await expected(common));
  });

  it('refuses readers (403) and anonymous visitors (401)', async () => {
    const reader = await createUser(app);
    expect((await search({ q: 'anything' }, reader.client)).status).toBe(403);
    expect((await search({ q: 'anything' }, new ApiClient(app.baseUrl))).status).toBe(401);
  });

  it('answers hostile or malformed searches with 400 or nothing, never 500', async () => {
    const story = await createStory(app.db);
    await comment(story, "quotes ' and \\ backslashes & pipes | bangs ! colons : stars *");
    const hostile = [
      `&|!():*'\\`,
      "'",
      '\\',
      '"',
      '""',
      '*',
      '-',
      '--',
      '!!!',
      'a:*',
      "'; DROP TABLE comments; --",
      "quotes' & | !(",
      '"unclosed phrase',
      '<->',
      'a <-> b',
      ':* & !',
      '%_%',
      '\u200b',
      'x'.repeat(200),
      'a '.repeat(100),
    ];
    for (const q of hostile) {
      for (const sort of ['newest', 'rank']) {
        const response = await search({ q, sort });
        expect([200, 400], `${JSON.stringify(q)} ${sort}: ${JSON.stringify(response.body)}`).toContain(
          response.status,
        );
        if (response.status === 200) expect(Array.isArray(response.body.items)).toBe(true);
      }
    }
    expect(await found({ q: "quotes' & backslashes!", story: story.slug })).toHaveLength(1);
    const long = await search({ q: 'x'.repeat(1000) });
    expect(long.status).toBe(400);
    expect(errorOf(long).fields?.q).toBe(FIELD_MESSAGES.atMostCharacters(200));
    expect(errorOf(await search({ q: 'a '.repeat(17) })).fields?.q).toBe(
      FIELD_MESSAGES.searchTooManyWords(16),
    );
  });

  it('says what is wrong with a filter: unknown story, bad cursor, dates, rank without text', async () => {
    const unknown = await search({ story: 'no-such-story' });
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe('story/not_found');
    expect((await search({ story: randomUUID() })).status).toBe(404);
    expect(errorOf(await search({ story: 'Not A Slug' })).fields).toHaveProperty('story');
    expect(errorOf(await search({ user: 'someone' })).fields).toHaveProperty('user');
    expect(errorOf(await search({ q: 'a', cursor: 'garbage' })).fields).toHaveProperty('cursor');
    expect(errorOf(await search({ q: 'a', sort: 'rank', cursor: 'WyJ4Il0' })).fields).toHaveProperty(
      'cursor',
    );
    const backwards = await search({ from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' });
    expect(errorOf(backwards).fields?.to).toBe(FIELD_MESSAGES.endBeforeStart);
    expect(errorOf(await search({ sort: 'rank' })).fields?.sort).toBe(FIELD_MESSAGES.rankNeedsQuery);
    expect(errorOf(await search({ from: 'yesterday' })).fields).toHaveProperty('from');
  });
});
