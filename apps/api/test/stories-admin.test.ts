import { randomUUID } from 'node:crypto';
import type {
  MergeStoryResponse,
  ModerationLogPage,
  Story,
  StoryCountsResponse,
  StoryPage,
  StoryResponse,
  ThreadPage,
} from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SettingsService } from '../src/settings/settings.service.js';
import { BOOT_TIMEOUT_MS, setupTable, type TestApp } from './support/app.js';
import { postComment, type TestUser } from './support/factories.js';
import { ApiClient, errorOf, type ApiResponse } from './support/http.js';
import { page, resolveStory, SITE, startStoriesApp } from './support/stories.js';

describe.each(setupTable())('stories over %s', (_label, { engine, redis }) => {
  let app: TestApp;
  let admin: ApiClient;
  let moderator: TestUser;
  let reader: TestUser;

  beforeAll(async () => {
    ({ app, admin, moderator, reader } = await startStoriesApp({ engine, redis }));
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await app?.close();
  });

  /** Resolves as the embed on the host page would, on this suite's app. */
  function resolve(body: Record<string, unknown>): Promise<ApiResponse<StoryResponse>> {
    return resolveStory(app, body);
  }

  async function adminCreate(body: Record<string, unknown>): Promise<Story> {
    const response = await admin.post<StoryResponse>('/api/moderation/stories', body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.story;
  }

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
