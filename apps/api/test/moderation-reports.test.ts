import type { ModerationLogPage, QueuePage, QueueCounts } from '@parley/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModerationController } from '../src/moderation/moderation.controller.js';
import { ADMIN } from './support/app.js';
import { createUser, established, postComment, type TestUser } from './support/factories.js';
import { errorOf, type ApiClient } from './support/http.js';
import { nextEvent, recordEvents } from './support/sockets.js';
import { moderationScene } from './support/moderation-scene.js';
import { appSuite } from './support/suite.js';

/** Reports that hold a published comment, and the moderation log that pages what happened. */
appSuite('automatic moderation and its settings', { closeSocketsAfterEach: true }, (app) => {
  const scene = moderationScene(app);
  const { story, row, logOf, watcher, moderationSocket, threadIds } = scene;
  let admin: ApiClient;
  beforeAll(() => {
    admin = scene.admin();
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
