import { randomBytes, randomUUID } from 'node:crypto';
import type { PremodMode } from '@parley/db';
import type {
  Ack,
  StoryResponse,
  CreateCommentResponse,
  ModerationLogPage,
  QueueCounts,
  QueuePage,
  ThreadPage,
  WordLists,
} from '@parley/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModerationController } from '../src/moderation/moderation.controller.js';
import { ADMIN } from './support/app.js';
import {
  createStory,
  setPostInterval,
  createUser,
  established,
  loginAdmin,
  postComment,
  uniqueBody,
  type TestUser,
} from './support/factories.js';
import { errorOf, type ApiClient } from './support/http.js';
import { connectSocket, joined, nextEvent, recordEvents, type ClientSocket } from './support/sockets.js';
import { appSuite } from './support/suite.js';

function word(prefix: string): string {
  return `${prefix}${randomBytes(3).toString('hex')}`;
}

appSuite('automatic moderation and its settings', { closeSocketsAfterEach: true }, (app) => {
  let admin: ApiClient;

  beforeAll(async () => {
    admin = await loginAdmin(app);
    await setPostInterval(app, 0);
  });

  async function story(premod: PremodMode = 'off', commentsOpen = true) {
    return (await createStory(app.db, { premod, commentsOpen })).slug;
  }

  /** The Stories tab's change (`PATCH /api/moderation/stories/:id`), for the story with this slug. */
  async function changeStory(slug: string, changes: Record<string, unknown>) {
    const { id } = await app.db
      .selectFrom('stories')
      .select('id')
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    return admin.patch<StoryResponse>(`/api/moderation/stories/${id}`, changes);
  }

  function post(client: ApiClient, slug: string, body = uniqueBody()) {
    return client.post<CreateCommentResponse>(`/api/stories/${slug}/comments`, { body });
  }

  async function row(id: string) {
    return app.db
      .selectFrom('comments')
      .select(['status', 'flags', 'matchedWords', 'reportCount'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  }

  async function logOf(commentId: string) {
    return app.db
      .selectFrom('moderationActions')
      .select(['actorId', 'action', 'reason'])
      .where('commentId', '=', commentId)
      .orderBy('createdAt')
      .execute();
  }

  async function watcher(slug: string): Promise<ClientSocket> {
    const socket = await connectSocket(app.baseUrl);
    await joined(socket, slug);
    return socket;
  }

  async function moderationSocket(): Promise<ClientSocket> {
    const socket = await connectSocket(app.baseUrl, { cookie: admin.cookie });
    const ack: Ack<QueueCounts> = await socket.timeout(5000).emitWithAck('moderation:join', {});
    expect(ack.ok).toBe(true);
    return socket;
  }

  async function threadIds(slug: string): Promise<string[]> {
    return (await admin.get<ThreadPage>(`/api/stories/${slug}/comments`)).body.items.map((item) => item.id);
  }

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

  // ---- reports ------------------------------------------------------------------------------

  describe('the report threshold', () => {
    async function report(reporter: TestUser, id: string, reason = 'abuse') {
      return reporter.client.post(`/api/comments/${id}/reports`, { reason });
    }

    it('holds a published comment once 3 distinct readers report it, and takes it from readers', async () => {
      const slug = await story();
      const author = await createUser(app);
      const comment = await postComment(author.client, slug);
      const reporters = [
        await createUser(app, established()),
        await createUser(app, established()),
        await createUser(app, established()),
      ];
      const reader = await watcher(slug);
      const staff = await moderationSocket();
      const removed = recordEvents(reader, 'comment:removed');
      const reportedAdded = nextEvent(
        staff,
        'queue:added',
        (p) => p.item.comment.id === comment.id && p.queue === 'reported',
      );

      expect((await report(reporters[0]!, comment.id, 'spam')).status).toBe(201);
      expect(await reportedAdded).toMatchObject({ item: { openReportCount: 1 } });
      expect((await report(reporters[1]!, comment.id)).status).toBe(201);
      expect(await row(comment.id)).toMatchObject({ status: 'published', reportCount: 2 });
      const gone = nextEvent(reader, 'comment:removed', (payload) => payload.id === comment.id);
      const held = nextEvent(
        staff,
        'queue:added',
        (p) => p.item.comment.id === comment.id && p.queue === 'pending',
      );
      expect((await report(reporters[2]!, comment.id, 'off_topic')).status).toBe(201);

      expect(await gone).toEqual({ id: comment.id });
      expect(removed).toHaveLength(1);
      expect(await held).toMatchObject({ item: { flags: ['reports'], openReportCount: 3 } });
      expect(await row(comment.id)).toMatchObject({ status: 'pending', flags: ['reports'], reportCount: 3 });
      expect(await threadIds(slug)).toEqual([]);
      expect(await logOf(comment.id)).toEqual([{ actorId: null, action: 'auto_hold', reason: 'reports' }]);
      const queue = await admin.get<QueuePage>(`/api/moderation/queues/reported?story=${slug}`);
      expect(queue.body.items[0]?.reports.map((entry) => entry.reason)).toEqual([
        'spam',
        'abuse',
        'off_topic',
      ]);
    });

    it('stores reports from new accounts without a visible comment, but does not let them hold a comment', async () => {
      const slug = await story();
      const comment = await postComment((await createUser(app)).client, slug);
      const throwaways = [await createUser(app), await createUser(app), await createUser(app)];

      for (const throwaway of throwaways) expect((await report(throwaway, comment.id)).status).toBe(201);

      expect(await row(comment.id)).toMatchObject({ status: 'published', reportCount: 3 });
      const queue = await admin.get<QueuePage>(`/api/moderation/queues/reported?story=${slug}`);
      expect(queue.body.items[0]?.reports).toHaveLength(3);
      expect(await logOf(comment.id)).toEqual([]);
    });

    it('counts a new account once it has a published comment, and an old one without', async () => {
      const slug = await story();
      const comment = await postComment((await createUser(app)).client, slug);
      const newWithComment = await createUser(app);
      await postComment(newWithComment.client, slug);
      const reporters = [await createUser(app), newWithComment, await createUser(app, established())];

      expect((await report(reporters[0]!, comment.id)).status).toBe(201);
      expect((await report(reporters[1]!, comment.id)).status).toBe(201);
      expect(await row(comment.id)).toMatchObject({ status: 'published', reportCount: 2 });
      expect((await report(reporters[2]!, comment.id)).status).toBe(201);
      expect((await report(await createUser(app, established()), comment.id)).status).toBe(201);

      expect(await row(comment.id)).toMatchObject({ status: 'pending', flags: ['reports'], reportCount: 4 });
    });

    it('holds a comment at once when a moderator reports it', async () => {
      const comment = await postComment((await createUser(app)).client, await story());
      const moderator = await createUser(app, { role: 'moderator' });

      expect((await report(moderator, comment.id)).status).toBe(201);

      expect(await row(comment.id)).toMatchObject({ status: 'pending', flags: ['reports'], reportCount: 1 });
    });

    it('takes at most 10 reports an hour from one user: 429 with Retry-After', async () => {
      const slug = await story();
      const author = await createUser(app);
      const comments = [];
      for (let index = 0; index < 11; index++) comments.push(await postComment(author.client, slug));
      const reporter = await createUser(app, established());

      for (const comment of comments.slice(0, 10)) {
        expect((await report(reporter, comment.id)).status).toBe(201);
      }
      const over = await report(reporter, comments[10]!.id);

      expect([over.status, errorOf(over).code]).toEqual([429, 'comment/report_rate_limited']);
      expect(errorOf(over).details?.retryAfterSeconds).toBeGreaterThan(0);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await row(comments[10]!.id)).toMatchObject({ reportCount: 0 });
    });

    it('counts the same reporter once', async () => {
      const comment = await postComment((await createUser(app)).client, await story());
      const reporter = await createUser(app, established());

      const first = await report(reporter, comment.id);
      const second = await report(reporter, comment.id, 'spam');
      const third = await report(reporter, comment.id, 'other');

      expect([first.status, second.status, third.status]).toEqual([201, 200, 200]);
      expect(await row(comment.id)).toMatchObject({ status: 'published', reportCount: 1 });
    });

    it('counts concurrent reports from 3 readers once each and holds the comment once', async () => {
      const slug = await story();
      const comment = await postComment((await createUser(app)).client, slug);
      const reporters = [
        await createUser(app, established()),
        await createUser(app, established()),
        await createUser(app, established()),
      ];

      const responses = await Promise.all(reporters.map((reporter) => report(reporter, comment.id)));

      expect(responses.map((response) => response.status)).toEqual([201, 201, 201]);
      expect(await row(comment.id)).toMatchObject({ status: 'pending', reportCount: 3 });
      expect((await logOf(comment.id)).filter((entry) => entry.action === 'auto_hold')).toHaveLength(1);
    });

    it('is cleared by a moderator’s decision: reports settled, out of the Reported queue, visible again', async () => {
      const slug = await story();
      const comment = await postComment((await createUser(app)).client, slug);
      for (let index = 0; index < 3; index++) await report(await createUser(app, established()), comment.id);
      const before = await admin.get<QueueCounts>(`/api/moderation/counts?story=${slug}`);
      expect(before.body).toMatchObject({ pending: 1, reported: 1 });
      const reader = await watcher(slug);
      const back = nextEvent(reader, 'comment:created', (payload) => payload.id === comment.id);
      const staff = await moderationSocket();
      const leftReported = nextEvent(
        staff,
        'queue:removed',
        (p) => p.id === comment.id && p.queue === 'reported',
      );

      const response = await admin.post(`/api/moderation/comments/${comment.id}/approve`, {});

      expect(response.status).toBe(200);
      expect(await back).toMatchObject({ id: comment.id, status: 'approved' });
      expect(await leftReported).toEqual({ queue: 'reported', id: comment.id });
      expect(await row(comment.id)).toMatchObject({ status: 'approved', reportCount: 0 });
      const after = await admin.get<QueueCounts>(`/api/moderation/counts?story=${slug}`);
      expect(after.body).toMatchObject({ pending: 0, reported: 0, approved: 1 });
      const queue = await admin.get<QueuePage>(`/api/moderation/queues/reported?story=${slug}`);
      expect(queue.body.items).toEqual([]);
      const open = await app.db
        .selectFrom('reports')
        .select('id')
        .where('commentId', '=', comment.id)
        .where('resolvedAt', 'is', null)
        .execute();
      expect(open).toEqual([]);
    });
  });

  // ---- the audit log ------------------------------------------------------------------------

  describe(ModerationController.prototype.logPage.name, () => {
    it('shows system rows with no actor and decisions with the moderator, newest first', async () => {
      const slug = await story('all');
      const comment = await postComment((await createUser(app)).client, slug);
      await admin.post(`/api/moderation/comments/${comment.id}/approve`, {});

      const page = await admin.get<ModerationLogPage>('/api/moderation/log?limit=100');

      const entries = page.body.items.filter((entry) => entry.commentId === comment.id);
      expect(entries.map((entry) => [entry.action, entry.actor])).toEqual([
        ['approve', ADMIN.username],
        ['auto_hold', null],
      ]);
    });

    it('pages by cursor without repeating an entry', async () => {
      const slug = await story('all');
      const author = await createUser(app);
      for (let index = 0; index < 3; index++) await postComment(author.client, slug);

      const first = await admin.get<ModerationLogPage>('/api/moderation/log?limit=2');
      const second = await admin.get<ModerationLogPage>(
        `/api/moderation/log?limit=2&cursor=${first.body.nextCursor}`,
      );

      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const ids = [...first.body.items, ...second.body.items].map((entry) => entry.id);
      expect(new Set(ids).size).toBe(ids.length);
      const times = [...first.body.items, ...second.body.items].map((entry) => entry.createdAt);
      expect([...times].sort().reverse()).toEqual(times);
    });
  });
});
