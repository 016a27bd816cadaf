import { randomUUID } from 'node:crypto';
import type {
  MergeStoryResponse,
  ModerationLogPage,
  Story,
  StoryCountsResponse,
  StoryPage,
  StoryResponse,
  ThreadPage,
  WebhookEventBody,
} from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SettingsService } from '../src/settings/settings.service.js';
import { WEBHOOK_DELIVERY, type WebhookDeliveryPayload } from '../src/webhooks/webhook-events.repository.js';
import { BOOT_TIMEOUT_MS, setupTable, startApp, type TestApp } from './support/app.js';
import { createUser, loginAdmin, postComment, setPostInterval, type TestUser } from './support/factories.js';
import { ApiClient, errorOf, type ApiResponse } from './support/http.js';

const SITE = 'https://news.example.org';
/** Creations one address may make per hour in this suite's lazy app. */
const PER_HOUR = 3;

/** A page address no other test uses. */
function page(path = 'world'): string {
  return `${SITE}/${path}/${randomUUID()}`;
}

/** A client address of its own (the app trusts X-Forwarded-For from loopback), so creation limits never collide. */
function freshAddress(): string {
  const byte = () => Math.floor(Math.random() * 254) + 1;
  return `10.${byte()}.${byte()}.${byte()}`;
}

describe.each(setupTable())('stories over %s', (_label, { engine, redis }) => {
  let app: TestApp;
  /** PARLEY_LAZY_STORIES=false. */
  let strict: TestApp;
  let admin: ApiClient;
  let moderator: TestUser;
  let reader: TestUser;

  beforeAll(async () => {
    [app, strict] = await Promise.all([
      startApp({
        engine,
        redis,
        env: {
          PARLEY_ORIGINS: SITE,
          PARLEY_STORIES_PER_HOUR: String(PER_HOUR),
          // Its webhook receiver listens on 127.0.0.1.
          PARLEY_WEBHOOK_ALLOW_PRIVATE: 'true',
        },
      }),
      startApp({ engine, redis, env: { PARLEY_ORIGINS: SITE, PARLEY_LAZY_STORIES: 'false' } }),
    ]);
    admin = await loginAdmin(app, SITE);
    // One receiver of story.created, so each event the app writes is one outbox row (never delivered here).
    const hook = await admin.post('/api/moderation/webhooks', {
      url: 'http://127.0.0.1:9/hook',
      events: ['story.created'],
    });
    expect(hook.status).toBe(201);
    moderator = await createUser(app, { role: 'moderator' });
    reader = await createUser(app);
    // PARLEY_ORIGINS lists only the host site here: staff and readers act from its pages too.
    for (const client of [admin, moderator.client, reader.client]) client.origin = SITE;
    await setPostInterval(app, 0);
  }, BOOT_TIMEOUT_MS);

  /** The story.created webhook events written for stories at this URL. */
  async function storyCreatedEvents(url: string): Promise<WebhookEventBody[]> {
    const rows = await app.db
      .selectFrom('outbox')
      .select('payload')
      .where('kind', '=', WEBHOOK_DELIVERY)
      .execute();
    return rows
      .map((row) => (row.payload as WebhookDeliveryPayload).event)
      .filter((event) => event.type === 'story.created' && event.data.url === url);
  }

  afterAll(async () => {
    await Promise.all([app?.close(), strict?.close()]);
  });

  /** Resolves as the embed on the host page would (PARLEY_ORIGINS lists the host; no cookie). */
  function resolve(
    body: Record<string, unknown>,
    options: { on?: TestApp; address?: string } = {},
  ): Promise<ApiResponse<StoryResponse>> {
    return new ApiClient((options.on ?? app).baseUrl).post<StoryResponse>('/api/stories/resolve', body, {
      origin: SITE,
      headers: { 'x-forwarded-for': options.address ?? freshAddress() },
    });
  }

  async function storyRows(url: string) {
    return app.db.selectFrom('stories').select(['id', 'url']).where('url', '=', url).execute();
  }

  async function adminCreate(body: Record<string, unknown>): Promise<Story> {
    const response = await admin.post<StoryResponse>('/api/moderation/stories', body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.story;
  }

  describe('POST /api/stories/resolve', () => {
    it('makes a story on the first view from an allowed site and finds it after, by any spelling of the URL', async () => {
      const url = page();
      const title = '  Lavrov:   West has decided\nto use Balkans  ';

      const first = await resolve({ url, title });
      const again = await resolve({
        url: `${url.replace('https://news', 'HTTPS://NEWS')}/#comments`,
        title: 'Other',
      });

      expect(first.status).toBe(201);
      expect(first.body.story).toMatchObject({
        url,
        externalId: null,
        title: 'Lavrov: West has decided to use Balkans',
        slug: expect.stringMatching(/^lavrov-west-has-decided-to-use-balkans(-\d+)?$/),
        commentsOpen: true,
        premod: 'off',
        commentCount: 0,
      });
      expect(again.status).toBe(200);
      expect(again.body.story).toEqual(first.body.story);
      expect(await storyRows(url)).toHaveLength(1);
      const story = await reader.client.get<{ title: string; paragraphs: string[]; url: string }>(
        `/api/stories/${first.body.story.slug}`,
      );
      expect(story.body).toMatchObject({ title: first.body.story.title, paragraphs: [], url });
    });

    it('writes story.created once for the story it made', async () => {
      const url = page();

      const { body } = await resolve({ url, title: 'An event' });

      expect((await storyCreatedEvents(url)).map((event) => event.data)).toEqual([
        expect.objectContaining({ via: 'resolve', id: body.story.id, url }),
      ]);
    });

    it('refuses to make a story for a site not in PARLEY_ORIGINS, saying what the site owner can do', async () => {
      const url = `https://elsewhere.example.com/${randomUUID()}`;

      const response = await resolve({ url, title: 'Not ours' });

      expect(response.status).toBe(403);
      expect(errorOf(response)).toMatchObject({
        code: 'story/origin_not_allowed',
        details: { origin: 'https://elsewhere.example.com' },
      });
      expect(errorOf(response).message).toMatch(/https:\/\/elsewhere\.example\.com.*PARLEY_ORIGINS/);
      expect(await storyRows(url)).toEqual([]);
    });

    it('with PARLEY_LAZY_STORIES=false finds stories but never makes one', async () => {
      const url = page();
      const missing = await resolve({ url, title: 'Nope' }, { on: strict });
      const strictAdmin = await loginAdmin(strict, SITE);
      const made = await strictAdmin.post<StoryResponse>('/api/moderation/stories', {
        title: 'Made by an admin',
        url,
      });

      const found = await resolve({ url }, { on: strict });

      expect(missing.status).toBe(404);
      expect(errorOf(missing).code).toBe('story/not_found');
      expect(made.status).toBe(201);
      expect(found.status).toBe(200);
      expect(found.body.story.id).toBe(made.body.story.id);
    });

    it('finds by external id first, and a new URL moves the story there (the id wins)', async () => {
      const id = `cms-${randomUUID()}`;
      const oldUrl = page();
      const newUrl = page();
      const first = await resolve({ id, url: oldUrl, title: 'Moving story' });

      const moved = await resolve({ id, url: newUrl, title: 'Ignored' });
      const byNewUrl = await resolve({ url: newUrl });

      expect(first.status).toBe(201);
      expect(first.body.story.externalId).toBe(id);
      expect(moved.status).toBe(200);
      expect(moved.body.story).toMatchObject({ id: first.body.story.id, url: newUrl, title: 'Moving story' });
      expect(byNewUrl.body.story.id).toBe(first.body.story.id);
      expect(await storyRows(oldUrl)).toEqual([]);
    });

    it('does not move a story by id onto another story’s URL or onto a site not allowed', async () => {
      const id = `cms-${randomUUID()}`;
      const url = page();
      const taken = (await resolve({ url: page() })).body.story;
      const story = (await resolve({ id, url })).body.story;

      const ontoTaken = await resolve({ id, url: taken.url });
      const ontoElsewhere = await resolve({ id, url: `https://elsewhere.example.com/${randomUUID()}` });

      expect(ontoTaken.body.story).toMatchObject({ id: story.id, url });
      expect(ontoElsewhere.body.story).toMatchObject({ id: story.id, url });
    });

    it('answers racing first views of one page with one story', async () => {
      const url = page();

      const answers = await Promise.all(
        Array.from({ length: 8 }, () => resolve({ url, title: 'A busy page' })),
      );

      expect(new Set(answers.map((answer) => answer.body.story.id)).size).toBe(1);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
      expect(await storyRows(url)).toHaveLength(1);
      expect(await storyCreatedEvents(url)).toHaveLength(1);
    });

    it('cuts a long title, and takes the URL’s path when there is no title', async () => {
      const long = await resolve({ url: page(), title: `${'word '.repeat(100)}end` });
      const untitledUrl = page('sport');
      const untitled = await resolve({ url: untitledUrl, title: '   ' });

      // Cut at 200 characters, then trimmed (the cut fell after a space).
      expect(long.body.story.title).toBe(`${'word '.repeat(40)}`.trim());
      expect(long.body.story.title.startsWith('word word')).toBe(true);
      expect(untitled.body.story.title).toBe(new URL(untitledUrl).pathname);
      expect(untitled.body.story.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    });

    it.each([
      ['a relative URL', { url: '/world/a' }],
      ['a javascript: URL', { url: 'javascript:alert(1)' }],
      ['a URL with credentials', { url: `https://user:pw@news.example.org/a` }],
      ['a control character in the title', { url: page(), title: 'a\u0007b' }],
      ['an empty id', { url: page(), id: '' }],
    ])('refuses %s with 400', async (_what, body) => {
      const response = await resolve(body);

      expect(response.status).toBe(400);
      expect(errorOf(response).code).toBe('request/invalid');
    });

    it(`limits new stories to ${PER_HOUR} per address per hour, lookups not counted`, async () => {
      const address = freshAddress();
      const known = page();
      for (let i = 0; i < PER_HOUR; i++) {
        expect((await resolve({ url: i === 0 ? known : page() }, { address })).status).toBe(201);
      }

      const lookup = await resolve({ url: known }, { address });
      const refused = await resolve({ url: page() }, { address });
      const otherAddress = await resolve({ url: page() });

      expect(lookup.status).toBe(200);
      expect(refused.status).toBe(429);
      expect(errorOf(refused)).toMatchObject({
        code: 'story/rate_limited',
        details: { retryAfterSeconds: expect.any(Number) },
      });
      expect(otherAddress.status).toBe(201);
    });
  });

  describe('GET /api/stories/counts', () => {
    it('counts visible comments per URL and id, in the order asked, 0 for unknown pages, creating nothing', async () => {
      const id = `cms-${randomUUID()}`;
      const story = (await resolve({ id, url: page(), title: 'Counted' })).body.story;
      await postComment(reader.client, story.slug);
      await postComment(reader.client, story.slug);
      const unknown = page();
      const anonymous = new ApiClient(app.baseUrl);
      const query = new URLSearchParams([
        ['url', `${story.url}#comments`],
        ['url', unknown],
        ['url', 'not a url'],
        ['id', id],
        ['id', 'cms-unknown'],
      ]);

      const response = await anonymous.get<StoryCountsResponse>(`/api/stories/counts?${query}`);

      expect(response.status).toBe(200);
      expect(response.body.counts).toEqual([
        { url: `${story.url}#comments`, count: 2 },
        { url: unknown, count: 0 },
        { url: 'not a url', count: 0 },
        { id, count: 2 },
        { id: 'cms-unknown', count: 0 },
      ]);
      expect(await storyRows(unknown)).toEqual([]);
    });

    it('refuses no keys and more than 100 keys', async () => {
      const anonymous = new ApiClient(app.baseUrl);
      const tooMany = new URLSearchParams(Array.from({ length: 101 }, (_, i) => ['id', `cms-${i}`]));

      const none = await anonymous.get('/api/stories/counts');
      const many = await anonymous.get(`/api/stories/counts?${tooMany}`);

      expect([none.status, errorOf(none).code]).toEqual([400, 'request/invalid']);
      expect([many.status, errorOf(many).code]).toEqual([400, 'request/invalid']);
    });
  });

  describe('admin API', () => {
    it('lists stories newest first with counts, searching titles and URLs, a page at a time', async () => {
      const tag = randomUUID().slice(0, 8);
      const first = await adminCreate({ title: `Searchable ${tag} one`, url: page() });
      const second = await adminCreate({ title: 'Found by its URL', url: `${SITE}/${tag}/two` });
      await postComment(reader.client, second.slug);

      const one = await moderator.client.get<StoryPage>(`/api/moderation/stories?search=${tag}&limit=1`);
      const two = await moderator.client.get<StoryPage>(
        `/api/moderation/stories?search=${tag}&limit=1&cursor=${one.body.nextCursor}`,
      );

      expect(one.body.items).toEqual([expect.objectContaining({ id: second.id, commentCount: 1 })]);
      expect(two.body.items).toEqual([expect.objectContaining({ id: first.id, commentCount: 0 })]);
      expect(two.body.nextCursor).toBeNull();
    });

    it('creates a story with a placeholder URL when none is given, and refuses a taken URL or id', async () => {
      const externalId = `cms-${randomUUID()}`;
      const story = await adminCreate({ title: 'Newsroom special', externalId, premod: 'all' });
      const url = page();
      await adminCreate({ title: 'Has a URL', url });

      const takenUrl = await admin.post('/api/moderation/stories', { title: 'Again', url });
      const takenId = await admin.post('/api/moderation/stories', { title: 'Again', externalId });

      expect(story).toMatchObject({
        title: 'Newsroom special',
        externalId,
        premod: 'all',
        url: `https://parley.invalid/stories/${story.slug}`,
      });
      expect([takenUrl.status, errorOf(takenUrl).code]).toEqual([409, 'story/url_taken']);
      expect([takenId.status, errorOf(takenId).code]).toEqual([409, 'story/external_id_taken']);
    });

    it('edits title, URL and external id (admins), and opens, closes and pre-moderates (staff)', async () => {
      const story = await adminCreate({ title: 'Before', url: page() });
      const url = page();

      const edited = await admin.patch<StoryResponse>(`/api/moderation/stories/${story.id}`, {
        title: '  After ',
        url: `${url}/`,
        externalId: 'cms-after-' + story.id,
      });
      const closed = await moderator.client.patch<StoryResponse>(`/api/moderation/stories/${story.id}`, {
        commentsOpen: false,
        premod: 'links',
      });
      const renamedByModerator = await moderator.client.patch(`/api/moderation/stories/${story.id}`, {
        title: 'No',
      });
      const post = await reader.client.post(`/api/stories/${story.slug}/comments`, { body: 'Closed?' });

      expect(edited.body.story).toMatchObject({ title: 'After', url, externalId: `cms-after-${story.id}` });
      expect(closed.body.story).toMatchObject({ commentsOpen: false, premod: 'links', title: 'After' });
      expect([renamedByModerator.status, errorOf(renamedByModerator).code]).toEqual([403, 'auth/forbidden']);
      expect([post.status, errorOf(post).code]).toEqual([403, 'comment/closed']);
    });

    it('merges one story’s thread into another: every comment moves, counts are right at once, the source is gone', async () => {
      const sourceId = `cms-${randomUUID()}`;
      const source = (await resolve({ id: sourceId, url: page(), title: 'Old address' })).body.story;
      const target = (await resolve({ url: page(), title: 'New address' })).body.story;
      const top = await postComment(reader.client, source.slug);
      const reply = await postComment(reader.client, source.slug, { parentId: top.id });
      await postComment(reader.client, target.slug);
      await app.db
        .insertInto('comments')
        .values({
          id: randomUUID(),
          storyId: source.id,
          rootId: top.id,
          parentId: top.id,
          depth: 1,
          authorId: reader.me.id,
          body: 'Held',
          status: 'pending',
        })
        .execute();

      const response = await admin.post<MergeStoryResponse>(`/api/moderation/stories/${source.id}/merge`, {
        into: target.id,
      });

      expect(response.status).toBe(200);
      expect(response.body.moved).toBe(3);
      expect(response.body.story).toMatchObject({ id: target.id, commentCount: 3, externalId: sourceId });
      const counts = await new ApiClient(app.baseUrl).get<StoryCountsResponse>(
        `/api/stories/counts?url=${encodeURIComponent(target.url)}&id=${sourceId}`,
      );
      expect(counts.body.counts.map((entry) => entry.count)).toEqual([3, 3]);
      const thread = await reader.client.get<ThreadPage>(`/api/stories/${target.slug}/comments?sort=oldest`);
      expect(thread.body.items.map((comment) => comment.id)).toContain(top.id);
      expect(thread.body.items.find((comment) => comment.id === top.id)?.replies.map((r) => r.id)).toContain(
        reply.id,
      );
      expect((await reader.client.get(`/api/stories/${source.slug}`)).status).toBe(404);
      const log = await admin.get<ModerationLogPage>('/api/moderation/log?limit=20');
      expect(log.body.items).toContainEqual(
        expect.objectContaining({ action: 'story_merge', storySlug: target.slug, actor: 'admin' }),
      );
    });

    it('answers 404, not 500, to a comment whose story was merged away while it was being posted', async () => {
      const source = (await resolve({ url: page(), title: 'Merged away' })).body.story;
      const target = (await resolve({ url: page(), title: 'Kept' })).body.story;
      await postComment(reader.client, target.slug);
      const settings = app.app.get(SettingsService);
      const read = settings.get.bind(settings);
      // The race, made certain: the merge commits after the post was accepted (its request checked
      // and routed to the story's slug) and before its transaction reads the story.
      const spy = vi.spyOn(settings, 'get').mockImplementation(async () => {
        spy.mockRestore();
        const merged = await admin.post(`/api/moderation/stories/${source.id}/merge`, { into: target.id });
        expect(merged.status).toBe(200);
        return read();
      });

      const response = await reader.client.post(`/api/stories/${source.slug}/comments`, {
        body: 'Too late',
      });

      spy.mockRestore();
      expect(response.status, JSON.stringify(response.body)).toBe(404);
      expect(errorOf(response).code).toBe('story/not_found');
      const stored = await app.db
        .selectFrom('comments')
        .select('id')
        .where('body', '=', 'Too late')
        .execute();
      expect(stored).toEqual([]);
      const thread = await new ApiClient(app.baseUrl).get<ThreadPage>(`/api/stories/${target.slug}/comments`);
      expect(thread.body.items).toHaveLength(1);
    });

    it('refuses to merge a story into itself or into one that does not exist', async () => {
      const story = await adminCreate({ title: 'Alone', url: page() });

      const itself = await admin.post(`/api/moderation/stories/${story.id}/merge`, { into: story.id });
      const missing = await admin.post(`/api/moderation/stories/${story.id}/merge`, { into: randomUUID() });

      expect([itself.status, errorOf(itself).code]).toEqual([422, 'story/merge_into_itself']);
      expect([missing.status, errorOf(missing).code]).toEqual([404, 'story/not_found']);
      expect((await admin.get(`/api/stories/${story.slug}`)).status).toBe(200);
    });
  });
});
