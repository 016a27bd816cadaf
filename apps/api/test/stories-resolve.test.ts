import { randomUUID } from 'node:crypto';
import type { StoryCountsResponse, StoryResponse, WebhookEventBody } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_DELIVERY, type WebhookDeliveryPayload } from '../src/webhooks/webhook-events.repository.js';
import { BOOT_TIMEOUT_MS, setupTable, startApp, type TestApp } from './support/app.js';
import { loginAdmin, postComment, type TestUser } from './support/factories.js';
import { ApiClient, errorOf, type ApiResponse } from './support/http.js';
import { freshAddress, page, PER_HOUR, resolveStory, SITE, startStoriesApp } from './support/stories.js';

describe.each(setupTable())('stories over %s', (_label, { engine, redis }) => {
  let app: TestApp;
  /** PARLEY_LAZY_STORIES=false. */
  let strict: TestApp;
  let reader: TestUser;

  beforeAll(async () => {
    const [lazy, strictApp] = await Promise.all([
      startStoriesApp({ engine, redis }),
      startApp({ engine, redis, env: { PARLEY_ORIGINS: SITE, PARLEY_LAZY_STORIES: 'false' } }),
    ]);
    ({ app, reader } = lazy);
    strict = strictApp;
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

  /** Resolves as the embed on the host page would, on this suite's app unless told another. */
  function resolve(
    body: Record<string, unknown>,
    options: { on?: TestApp; address?: string } = {},
  ): Promise<ApiResponse<StoryResponse>> {
    return resolveStory(options.on ?? app, body, options.address);
  }

  async function storyRows(url: string) {
    return app.db.selectFrom('stories').select(['id', 'url']).where('url', '=', url).execute();
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
});
