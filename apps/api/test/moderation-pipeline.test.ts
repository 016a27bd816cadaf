import { randomBytes, randomUUID } from 'node:crypto';
import type { QueuePage, WordLists } from '@parley/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModerationController } from '../src/moderation/moderation.controller.js';
import { ADMIN } from './support/app.js';
import { createUser, postComment, uniqueBody } from './support/factories.js';
import { errorOf, type ApiClient } from './support/http.js';
import { nextEvent, recordEvents } from './support/sockets.js';
import { moderationScene } from './support/moderation-scene.js';
import { appSuite } from './support/suite.js';

/** Word lists and story settings: what holds or rejects a comment as it is posted. */
function word(prefix: string): string {
  return `${prefix}${randomBytes(3).toString('hex')}`;
}

appSuite('automatic moderation and its settings', { closeSocketsAfterEach: true }, (app) => {
  const scene = moderationScene(app);
  const { story, changeStory, post, row, logOf, watcher, moderationSocket, threadIds } = scene;
  let admin: ApiClient;
  beforeAll(() => {
    admin = scene.admin();
  });

  // ---- word lists ---------------------------------------------------------------------------

  describe(ModerationController.prototype.setWordLists.name, () => {
    it('stores the lists trimmed and without duplicates, and answers them on GET', async () => {
      const banned = word('banned');
      const suspect = word('suspect');

      const put = await admin.put<WordLists>('/api/moderation/word-lists', {
        json: { banned: [` ${banned} `, banned, 'shut up now'], suspect: [suspect] },
      });
      const get = await admin.get<WordLists>('/api/moderation/word-lists');

      expect(put.status).toBe(200);
      expect(put.body).toEqual({ banned: [banned, 'shut up now'], suspect: [suspect] });
      expect(get.body).toEqual(put.body);
    });

    it.each([
      { case: 'a missing list', body: { banned: [] } },
      { case: 'an empty word', body: { banned: ['  '], suspect: [] } },
      { case: 'a word over 100 characters', body: { banned: ['x'.repeat(101)], suspect: [] } },
      { case: 'a string instead of a list', body: { banned: 'idiot', suspect: [] } },
    ])('refuses $case with 400 request/invalid, keeping the lists', async ({ body }) => {
      const before = await admin.get<WordLists>('/api/moderation/word-lists');

      const response = await admin.put('/api/moderation/word-lists', { json: body });

      expect([response.status, errorOf(response).code]).toEqual([400, 'request/invalid']);
      expect((await admin.get<WordLists>('/api/moderation/word-lists')).body).toEqual(before.body);
    });

    it('rejects a comment with a banned word at once: stored, flagged, logged by the system, shown to nobody', async () => {
      const banned = word('zorblax');
      await admin.put('/api/moderation/word-lists', { json: { banned: [banned], suspect: [] } });
      const slug = await story();
      const author = await createUser(app);
      const reader = await watcher(slug);
      const created = recordEvents(reader, 'comment:created');
      const written = `Quel ${banned.replace('o', 'Ó').toUpperCase()}!`;

      const response = await post(author.client, slug, uniqueBody(written));

      // The author is told where it went.
      expect(response.status).toBe(201);
      expect(response.body.comment.status).toBe('rejected');
      const id = response.body.comment.id;
      expect(await row(id)).toMatchObject({
        status: 'rejected',
        flags: ['banned_word'],
        matchedWords: [banned.replace('o', 'Ó').toUpperCase()],
      });
      expect(await logOf(id)).toEqual([{ actorId: null, action: 'auto_reject', reason: null }]);
      expect(await threadIds(slug)).toEqual([]);
      // A later comment's event proves the rejected one was never sent.
      const marker = nextEvent(reader, 'comment:created');
      const clean = await postComment(author.client, slug);
      await marker;
      expect(created.map((comment) => comment.id)).toEqual([clean.id]);
    });

    it('does not reject a word that only contains a banned one', async () => {
      await admin.put('/api/moderation/word-lists', { json: { banned: ['ass'], suspect: [] } });

      const response = await post(
        (await createUser(app)).client,
        await story(),
        uniqueBody('A class act, first class.'),
      );

      expect(response.body.comment.status).toBe('published');
    });

    it('holds a comment with a suspect word as pending with the matched words, and puts it in the Pending queue', async () => {
      const suspect = word('quibble');
      await admin.put('/api/moderation/word-lists', { json: { banned: [], suspect: [suspect] } });
      const slug = await story();
      const staff = await moderationSocket();
      const added = nextEvent(staff, 'queue:added', (payload) => payload.queue === 'pending');

      const response = await post((await createUser(app)).client, slug, uniqueBody(`Such ${suspect}`));

      expect(response.body.comment.status).toBe('pending');
      const id = response.body.comment.id;
      expect(await row(id)).toMatchObject({
        status: 'pending',
        flags: ['suspect_word'],
        matchedWords: [suspect],
      });
      expect(await logOf(id)).toEqual([{ actorId: null, action: 'auto_hold', reason: null }]);
      expect(await added).toMatchObject({
        item: { comment: { id }, flags: ['suspect_word'], matchedWords: [suspect] },
      });
      const queue = await admin.get<QueuePage>(`/api/moderation/queues/pending?story=${slug}`);
      expect(queue.body.items.map((item) => [item.comment.id, item.matchedWords])).toEqual([[id, [suspect]]]);
      expect(await threadIds(slug)).toEqual([]);
    });

    it('lets staff post anything, approved at once', async () => {
      const banned = word('zorblax');
      await admin.put('/api/moderation/word-lists', { json: { banned: [banned], suspect: [] } });

      const response = await post(admin, await story('all'), uniqueBody(`Quoting a reader: ${banned}`));

      expect(response.status).toBe(201);
      expect(response.body.comment.status).toBe('approved');
    });
  });

  // ---- story settings ---------------------------------------------------------------------

  describe('story settings', () => {
    it('closes and reopens a story’s comments', async () => {
      const slug = await story();
      const reader = await createUser(app);

      const closed = await changeStory(slug, { commentsOpen: false });
      const refused = await post(reader.client, slug);
      const reopened = await changeStory(slug, { commentsOpen: true });
      const accepted = await post(reader.client, slug);

      expect(closed.status).toBe(200);
      expect(closed.body.story).toMatchObject({ slug, commentsOpen: false, premod: 'off' });
      expect([refused.status, errorOf(refused).code]).toEqual([403, 'comment/closed']);
      expect(reopened.body.story.commentsOpen).toBe(true);
      expect(accepted.status).toBe(201);
    });

    it('holds every reader comment in `all` mode with premod_all', async () => {
      const slug = await story();
      await changeStory(slug, { premod: 'all' });

      const response = await post((await createUser(app)).client, slug);

      expect(response.body.comment.status).toBe('pending');
      expect((await row(response.body.comment.id)).flags).toEqual(['premod_all']);
    });

    it('holds only comments with links in `links` mode', async () => {
      const slug = await story();
      const response = await changeStory(slug, { premod: 'links' });
      expect(response.body.story.premod).toBe('links');
      const author = await createUser(app);

      const linked = await post(author.client, slug, uniqueBody('Read https://example.com/story first'));
      const plain = await post(author.client, slug);

      expect(linked.body.comment.status).toBe('pending');
      expect((await row(linked.body.comment.id)).flags).toEqual(['link']);
      expect(plain.body.comment.status).toBe('published');
    });

    it('holds authors with fewer than 2 approved comments in `new_users` mode', async () => {
      const slug = await story();
      await changeStory(slug, { premod: 'new_users' });
      const newcomer = await createUser(app);
      const regular = await createUser(app);
      const elsewhere = await story();
      for (let index = 0; index < 2; index++) {
        const earlier = await postComment(regular.client, elsewhere);
        expect((await admin.post(`/api/moderation/comments/${earlier.id}/approve`, {})).status).toBe(200);
      }

      const fromNewcomer = await post(newcomer.client, slug);
      const fromRegular = await post(regular.client, slug);

      expect(fromNewcomer.body.comment.status).toBe('pending');
      expect((await row(fromNewcomer.body.comment.id)).flags).toEqual(['new_user']);
      expect(fromRegular.body.comment.status).toBe('published');
    });

    it('logs every change with the moderator as actor', async () => {
      const slug = await story();

      await changeStory(slug, { premod: 'all', commentsOpen: false });

      const entries = await app.db
        .selectFrom('moderationActions')
        .innerJoin('stories', 'stories.id', 'moderationActions.storyId')
        .innerJoin('users', 'users.id', 'moderationActions.actorId')
        .select(['moderationActions.action', 'users.username'])
        .where('stories.slug', '=', slug)
        .execute();
      expect(entries).toEqual([{ action: 'story_update', username: ADMIN.username }]);
    });

    it('answers an unknown story with 404 and an empty change with 400', async () => {
      const missing = await admin.patch(`/api/moderation/stories/${randomUUID()}`, { commentsOpen: false });
      const empty = await changeStory(await story(), {});

      expect([missing.status, errorOf(missing).code]).toEqual([404, 'story/not_found']);
      expect([empty.status, errorOf(empty).code]).toEqual([400, 'request/invalid']);
    });
  });
});
