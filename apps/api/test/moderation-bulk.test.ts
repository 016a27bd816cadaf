import { randomUUID } from 'node:crypto';
import { FIELD_MESSAGES, type BulkDecisionResponse, type DecisionResponse } from '@parley/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModerationController } from '../src/moderation/moderation.controller.js';
import { createStory, createUser, loginAdmin, postComment, setPostInterval } from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';
import { connectSocket, recordEvents } from './support/sockets.js';
import { appSuite } from './support/suite.js';
import { waitFor } from './support/wait.js';

/** Issue 21 item 4: one decision for many comments, with the single decision's race rules. */
appSuite('bulk decisions', { closeSocketsAfterEach: true }, (app) => {
  let admin: ApiClient;

  beforeAll(async () => {
    admin = await loginAdmin(app);
    await setPostInterval(app, 0);
  });

  /** `count` comments held for review on a story of their own (one author each: counters stay apart). */
  async function pendingComments(count: number): Promise<string[]> {
    const story = await createStory(app.db, { premod: 'all' });
    const author = await createUser(app);
    const ids: string[] = [];
    for (let index = 0; index < count; index++) ids.push((await postComment(author.client, story.slug)).id);
    return ids;
  }

  const bulk = (client: ApiClient, body: object) =>
    client.post<BulkDecisionResponse>('/api/moderation/comments/bulk', body);

  const statuses = async (ids: string[]) =>
    app.db
      .selectFrom('comments')
      .select(['id', 'status', 'decidedBy', 'featured'])
      .where('id', 'in', ids)
      .execute()
      .then((rows) => new Map(rows.map((row) => [row.id, row])));

  describe(ModerationController.prototype.decideMany.name, () => {
    it('rejects many with one reason: one log row and one live update per comment', async () => {
      const ids = await pendingComments(5);
      const moderator = await createUser(app, { role: 'moderator' });
      const room = await connectSocket(app.baseUrl, { cookie: admin.cookie });
      expect((await room.timeout(5000).emitWithAck('moderation:join', {})).ok).toBe(true);
      const removed = recordEvents(room, 'queue:removed');

      const response = await bulk(moderator.client, { action: 'reject', reason: 'spam', ids });

      expect(response.status).toBe(200);
      expect(response.body.results.map((result) => [result.id, result.outcome])).toEqual(
        ids.map((id) => [id, 'decided']),
      );
      expect(response.body.results.every((result) => result.comment?.status === 'rejected')).toBe(true);
      const rows = await statuses(ids);
      for (const id of ids)
        expect(rows.get(id)).toMatchObject({ status: 'rejected', decidedBy: moderator.me.id });
      const log = await app.db
        .selectFrom('moderationActions')
        .select(['commentId', 'actorId', 'action', 'reason'])
        .where('commentId', 'in', ids)
        .where('action', '=', 'reject')
        .execute();
      expect(log).toHaveLength(5);
      expect(new Set(log.map((entry) => entry.commentId))).toEqual(new Set(ids));
      expect(log.every((entry) => entry.actorId === moderator.me.id && entry.reason === 'spam')).toBe(true);
      await waitFor(
        () => ids.every((id) => removed.some((event) => event.id === id && event.queue === 'pending')),
        'every card leaving Pending',
      );
      const fromPending = removed.filter((event) => ids.includes(event.id) && event.queue === 'pending');
      expect(fromPending).toHaveLength(5);
    });

    it('reports a comment another moderator decided meanwhile, and leaves their decision standing', async () => {
      const ids = await pendingComments(4);
      const first = await createUser(app, { role: 'moderator' });
      const second = await createUser(app, { role: 'moderator' });
      const meanwhile = await second.client.post<DecisionResponse>(
        `/api/moderation/comments/${ids[2]}/approve`,
        {},
      );
      expect(meanwhile.status).toBe(200);

      const response = await bulk(first.client, { action: 'reject', reason: 'abuse', ids });

      expect(response.status).toBe(200);
      expect(response.body.results.map((result) => result.outcome)).toEqual([
        'decided',
        'decided',
        'already_decided',
        'decided',
      ]);
      expect(response.body.results[2]).toMatchObject({
        id: ids[2],
        decidedBy: second.username,
        comment: { status: 'approved' },
        queues: ['approved'],
        message: `${second.username} already approved this comment.`,
      });
      const rows = await statuses(ids);
      expect(rows.get(ids[2]!)).toMatchObject({ status: 'approved', decidedBy: second.me.id });
      const overwritten = await app.db
        .selectFrom('moderationActions')
        .select('id')
        .where('commentId', '=', ids[2]!)
        .where('actorId', '=', first.me.id)
        .execute();
      expect(overwritten).toEqual([]);
    });

    it('races a single decision on the same comment: exactly one wins, the other is told', async () => {
      const ids = await pendingComments(10);
      const bulkModerator = await createUser(app, { role: 'moderator' });
      const single = await createUser(app, { role: 'moderator' });
      const contested = ids[7]!;

      const [bulkAnswer, singleAnswer] = await Promise.all([
        bulk(bulkModerator.client, { action: 'approve', ids }),
        single.client.post(`/api/moderation/comments/${contested}/reject`, { reason: 'spam' }),
      ]);

      expect(bulkAnswer.status).toBe(200);
      const contestedResult = bulkAnswer.body.results.find((result) => result.id === contested)!;
      const row = (await statuses([contested])).get(contested)!;
      if (singleAnswer.status === 200) {
        expect(contestedResult.outcome).toBe('already_decided');
        expect(row).toMatchObject({ status: 'rejected', decidedBy: single.me.id });
      } else {
        expect([singleAnswer.status, errorOf(singleAnswer).code]).toEqual([
          409,
          'moderation/already_decided',
        ]);
        expect(contestedResult.outcome).toBe('decided');
        expect(row).toMatchObject({ status: 'approved', decidedBy: bulkModerator.me.id });
      }
      const others = bulkAnswer.body.results.filter((result) => result.id !== contested);
      expect(others.every((result) => result.outcome === 'decided')).toBe(true);
    });

    it('features many, answers in the order sent, and reports what it could not decide', async () => {
      const ids = await pendingComments(2);
      const [rejected] = await pendingComments(1);
      await admin.post(`/api/moderation/comments/${rejected}/reject`, { reason: 'spam' });
      const missing = randomUUID();
      const order = [ids[1]!, missing, rejected!, ids[0]!];

      const response = await bulk(admin, { action: 'feature', ids: order });

      expect(response.status).toBe(200);
      expect(response.body.results.map((result) => [result.id, result.outcome])).toEqual([
        [ids[1], 'decided'],
        [missing, 'not_found'],
        [rejected, 'not_editable'],
        [ids[0], 'decided'],
      ]);
      expect(response.body.results[1]).toMatchObject({ comment: null, queues: [] });
      const rows = await statuses(ids);
      for (const id of ids) expect(rows.get(id)).toMatchObject({ status: 'approved', featured: true });
    });

    it('answers a repeat of its own decision as unchanged, writing nothing again', async () => {
      const ids = await pendingComments(2);
      expect((await bulk(admin, { action: 'approve', ids })).status).toBe(200);

      const again = await bulk(admin, { action: 'approve', ids });

      expect(again.body.results.map((result) => result.outcome)).toEqual(['unchanged', 'unchanged']);
      const log = await app.db
        .selectFrom('moderationActions')
        .select('id')
        .where('commentId', 'in', ids)
        .where('action', '=', 'approve')
        .execute();
      expect(log).toHaveLength(2);
    });

    it.each([
      { case: 'no ids', body: { action: 'approve', ids: [] }, field: FIELD_MESSAGES.selectComments },
      {
        case: '101 ids',
        body: { action: 'approve', ids: Array.from({ length: 101 }, () => randomUUID()) },
        field: FIELD_MESSAGES.atMostComments(100),
      },
      {
        case: 'an id twice',
        body: {
          action: 'approve',
          ids: ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001'],
        },
        field: FIELD_MESSAGES.commentTwice,
      },
      { case: 'a reject without a reason', body: { action: 'reject', ids: [randomUUID()] }, field: 'reason' },
      { case: 'an unknown action', body: { action: 'unfeature', ids: [randomUUID()] }, field: 'action' },
    ])('refuses $case with 400 request/invalid, deciding nothing', async ({ body, field }) => {
      const response = await bulk(admin, body);
      expect(response.status).toBe(400);
      expect(errorOf(response).code).toBe('request/invalid');
      expect(JSON.stringify(errorOf(response))).toContain(field);
    });

    it('refuses readers (403) and anonymous callers (401)', async () => {
      const ids = await pendingComments(1);
      const reader = await createUser(app);

      const asReader = await bulk(reader.client, { action: 'approve', ids });
      const anonymous = await bulk(new ApiClient(app.baseUrl), { action: 'approve', ids });

      expect([asReader.status, errorOf(asReader).code]).toEqual([403, 'auth/forbidden']);
      expect([anonymous.status, errorOf(anonymous).code]).toEqual([401, 'auth/unauthenticated']);
      expect((await statuses(ids)).get(ids[0]!)?.status).toBe('pending');
    });
  });
});
