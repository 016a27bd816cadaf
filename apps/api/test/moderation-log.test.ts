import type { Ack, ModerationLogEntry, ModerationLogPage, QueueCounts, WordLists } from '@parley/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createStory,
  createUser,
  loginAdmin,
  postComment,
  setPostInterval,
  uniqueName,
  type TestUser,
} from './support/factories.js';
import { errorOf, type ApiClient } from './support/http.js';
import { connectSocket, nextEvent, recordEvents, type ClientSocket } from './support/sockets.js';
import { appSuite } from './support/suite.js';

appSuite('moderation log', { closeSocketsAfterEach: true }, (app) => {
  let admin: ApiClient;
  let moderator: TestUser;

  beforeAll(async () => {
    admin = await loginAdmin(app);
    moderator = await createUser(app, { role: 'moderator' });
    await setPostInterval(app, 0);
  });

  async function log(client: ApiClient, query: Record<string, string> = {}): Promise<ModerationLogEntry[]> {
    const response = await client.get<ModerationLogPage>(
      `/api/moderation/log?${new URLSearchParams({ limit: '100', ...query }).toString()}`,
    );
    expect(response.status).toBe(200);
    return response.body.items;
  }

  async function moderationSocket(client: ApiClient): Promise<ClientSocket> {
    const socket = await connectSocket(app.baseUrl, { cookie: client.cookie });
    const ack: Ack<QueueCounts> = await socket.timeout(5000).emitWithAck('moderation:join', {});
    expect(ack.ok).toBe(true);
    return socket;
  }

  describe('entries say what changed', () => {
    it("names a decided comment by its first words, without the text format's marks, and its status old → new", async () => {
      const story = await createStory(app.db, { title: 'Harbour plans' });
      const author = await createUser(app);
      const comment = await postComment(author.client, story.slug, {
        body: '**Bold** claim about the _harbour_ plans, which goes on for quite a while longer than the log shows',
      });

      await moderator.client.post(`/api/moderation/comments/${comment.id}/reject`, { reason: 'offensive' });

      const [entry] = await log(admin, { action: 'reject', user: author.username });
      expect(entry).toMatchObject({
        actor: moderator.username,
        actorId: moderator.me.id,
        commentId: comment.id,
        username: author.username,
        storyId: story.id,
        storySlug: story.slug,
        storyTitle: 'Harbour plans',
        reason: 'offensive',
        changes: [{ field: 'status', from: 'published', to: 'rejected' }],
      });
      expect(entry!.storyUrl).toMatch(/^https?:\/\//);
      expect(entry!.commentExcerpt).toMatch(/^Bold claim about the harbour plans, which goes on .*…$/);
      expect(entry!.commentExcerpt!.length).toBeLessThanOrEqual(81);
    });

    it("says a story's title and premoderation changed from what to what, not just that it changed", async () => {
      const story = await createStory(app.db, { title: 'Old title' });

      const response = await admin.patch(`/api/moderation/stories/${story.id}`, {
        title: 'New title',
        premod: 'all',
        commentsOpen: true,
      });

      expect(response.status).toBe(200);
      const [entry] = await log(admin, { story: story.slug, action: 'story_update' });
      expect(entry!.storyTitle).toBe('New title');
      expect(entry!.changes).toEqual([
        { field: 'title', from: 'Old title', to: 'New title' },
        { field: 'premod', from: 'off', to: 'all' },
      ]);
    });

    it('says a role and always-premoderation changed from what to what', async () => {
      const reader = await createUser(app);

      await admin.post(`/api/moderation/users/${reader.me.id}/premod`, { on: true });
      await admin.post(`/api/moderation/users/${reader.me.id}/role`, { role: 'moderator' });

      const entries = await log(admin, { user: reader.me.id });
      expect(entries.map((entry) => [entry.action, entry.changes])).toEqual([
        ['role_moderator', [{ field: 'role', from: 'reader', to: 'moderator' }]],
        ['premod_on', [{ field: 'alwaysPremod', from: false, to: true }]],
      ]);
    });

    it('lists the words added to and removed from a word list, and its size old → new', async () => {
      const before = (await admin.get<WordLists>('/api/moderation/word-lists')).body;
      const word = uniqueName('word');
      await admin.put('/api/moderation/word-lists', {
        json: { banned: [...before.banned, word], suspect: before.suspect },
      });

      const [added] = await log(admin, { action: 'word_lists' });
      expect(added!.changes).toEqual([
        { field: 'banned', from: before.banned.length, to: before.banned.length + 1 },
      ]);
      expect(added!.facts).toEqual({ 'banned added': [word] });

      await admin.put('/api/moderation/word-lists', { json: before });
      const [removed] = await log(admin, { action: 'word_lists' });
      expect(removed!.facts).toEqual({ 'banned removed': [word] });
    });

    it('names a deleted comment by its link only: its erased text is not shown', async () => {
      const story = await createStory(app.db);
      const author = await createUser(app);
      const comment = await postComment(author.client, story.slug, { body: 'Words the author took back' });
      await moderator.client.post(`/api/moderation/comments/${comment.id}/feature`);
      expect((await author.client.delete(`/api/comments/${comment.id}`)).status).toBe(204);

      const [entry] = await log(admin, { story: story.id });
      expect(entry).toMatchObject({ action: 'feature', commentId: comment.id, commentExcerpt: null });
      // Featuring a comment also approves it.
      expect(entry!.changes).toEqual([
        { field: 'status', from: 'published', to: 'approved' },
        { field: 'featured', from: false, to: true },
      ]);
    });
  });

  describe('filters', () => {
    it('narrows by moderator, action, user and story, each alone and together', async () => {
      const [storyA, storyB] = await Promise.all([createStory(app.db), createStory(app.db)]);
      const other = await createUser(app, { role: 'moderator' });
      const author = await createUser(app);
      const first = await postComment(author.client, storyA.slug);
      const second = await postComment(author.client, storyB.slug);
      const third = await postComment((await createUser(app)).client, storyA.slug);
      await moderator.client.post(`/api/moderation/comments/${first.id}/approve`);
      await other.client.post(`/api/moderation/comments/${second.id}/reject`, { reason: 'spam' });
      await moderator.client.post(`/api/moderation/comments/${third.id}/reject`, { reason: 'abuse' });

      const ids = (entries: ModerationLogEntry[]) => entries.map((entry) => entry.commentId);
      expect(ids(await log(admin, { user: author.username }))).toEqual([second.id, first.id]);
      expect(ids(await log(admin, { story: storyA.slug }))).toEqual([third.id, first.id]);
      expect(ids(await log(admin, { actor: other.username }))).toEqual([second.id]);
      expect(ids(await log(admin, { actor: moderator.me.id, story: storyA.id, action: 'reject' }))).toEqual([
        third.id,
      ]);
      expect(await log(admin, { actor: other.username, story: storyA.slug })).toEqual([]);
    });

    it('answers an unknown person or story with a 404 that says so, and an unknown action with a 400', async () => {
      const nobody = await admin.get('/api/moderation/log?user=nobody-here');
      expect(nobody.status).toBe(404);
      expect(errorOf(nobody).code).toBe('moderation/user_not_found');
      const noStory = await admin.get('/api/moderation/log?story=no-such-story');
      expect(noStory.status).toBe(404);
      expect(errorOf(noStory).code).toBe('story/not_found');
      const badAction = await admin.get('/api/moderation/log?action=explode');
      expect(badAction.status).toBe(400);
      expect(errorOf(badAction).message).toMatch(/action/);
    });
  });

  describe('live', () => {
    it('sends each committed entry to the moderation room as the log lists it', async () => {
      const story = await createStory(app.db);
      const comment = await postComment((await createUser(app)).client, story.slug);
      const socket = await moderationSocket(moderator.client);
      const heard = nextEvent(socket, 'log:added', (entry) => entry.commentId === comment.id);

      await admin.post(`/api/moderation/comments/${comment.id}/approve`);

      const entry = await heard;
      const [listed] = await log(moderator.client, { story: story.slug });
      expect(entry).toEqual(listed);
      expect(entry).toMatchObject({ action: 'approve', actor: 'admin', storyTitle: story.title });
    });

    it('tells nobody outside the moderation room: a reader never hears an entry', async () => {
      const story = await createStory(app.db);
      const reader = await createUser(app);
      const comment = await postComment(reader.client, story.slug);
      const readerSocket = await connectSocket(app.baseUrl, { cookie: reader.client.cookie });
      const refused: Ack<QueueCounts> = await readerSocket.timeout(5000).emitWithAck('moderation:join', {});
      expect(refused.ok).toBe(false);
      const leaked = recordEvents(readerSocket, 'log:added');
      const watcher = await moderationSocket(admin);
      const heard = nextEvent(watcher, 'log:added', (entry) => entry.commentId === comment.id);

      await moderator.client.post(`/api/moderation/comments/${comment.id}/reject`, { reason: 'spam' });

      await heard;
      expect(leaked).toEqual([]);
      expect((await reader.client.get('/api/moderation/log')).status).toBe(403);
    });
  });
});
