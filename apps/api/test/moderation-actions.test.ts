import type { Comment, QueueCounts } from '@parley/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModerationController } from '../src/moderation/moderation.controller.js';
import { ADMIN } from './support/app.js';
import { createUser, postComment } from './support/factories.js';
import { errorOf, type ApiClient } from './support/http.js';
import { nextEvent, recordEvents } from './support/sockets.js';
import { moderationScene } from './support/moderation-scene.js';
import { appSuite } from './support/suite.js';

/** Decisions on comments: approve, reject, feature, two moderators at once, and what the author hears. */
appSuite('moderation actions', { closeSocketsAfterEach: true }, (app) => {
  const scene = moderationScene(app);
  const { story, row, watcher, threadIds, makeModerator, socketOf, decisionRows, decide } = scene;
  let admin: ApiClient;
  beforeAll(() => {
    admin = scene.admin();
  });

  // ---- comment decisions --------------------------------------------------------------------

  describe(ModerationController.prototype.approve.name, () => {
    it('shows a pending comment to readers, tells its author, and moves it from Pending to Approved', async () => {
      const slug = await story('all');
      const author = await createUser(app);
      const comment = await postComment(author.client, slug);
      expect(comment.status).toBe('pending');
      const reader = await watcher(slug);
      const authorSocket = await socketOf(author.client);
      const staff = await socketOf(admin, { moderation: true });
      const created = nextEvent(reader, 'comment:created', (payload) => payload.id === comment.id);
      const decided = nextEvent(authorSocket, 'comment:decided', (payload) => payload.id === comment.id);
      const left = nextEvent(staff, 'queue:removed', (payload) => payload.id === comment.id);
      // The post's own 'pending' announcement may still be on its way, so wait for the Approved one.
      const entered = nextEvent(
        staff,
        'queue:added',
        (payload) => payload.item.comment.id === comment.id && payload.queue === 'approved',
      );
      // Counts go out at most once a second, so one announcing the post itself may still arrive.
      const countsSeen = recordEvents(staff, 'queue:counts');

      const response = await decide(admin, comment.id, 'approve');

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        comment: { id: comment.id, status: 'approved' },
        queues: ['approved'],
      });
      expect(await created).toMatchObject({ id: comment.id, status: 'approved', body: comment.body });
      expect(await decided).toMatchObject({ id: comment.id, status: 'approved' });
      expect(await left).toEqual({ queue: 'pending', id: comment.id });
      expect(await entered).toMatchObject({ queue: 'approved', item: { decidedBy: ADMIN.username } });
      const countsNow = (await admin.get<QueueCounts>('/api/moderation/counts')).body;
      await expect.poll(() => countsSeen.at(-1), { timeout: 10_000 }).toEqual(countsNow);
      expect(await threadIds(slug)).toEqual([comment.id]);
      expect(await row(comment.id)).toMatchObject({ status: 'approved', decidedBy: expect.any(String) });
    });

    it('answers an unknown comment with 404 comment/not_found', async () => {
      const response = await decide(admin, '00000000-0000-4000-8000-000000000000', 'approve');

      expect(response.status).toBe(404);
      expect(errorOf(response).code).toBe('comment/not_found');
    });
  });

  describe(ModerationController.prototype.reject.name, () => {
    it('takes a visible comment away from readers with the reason logged, and tells its author', async () => {
      const slug = await story();
      const author = await createUser(app);
      const comment = await postComment(author.client, slug);
      const reader = await watcher(slug);
      const authorSocket = await socketOf(author.client);
      const removed = nextEvent(reader, 'comment:removed', (payload) => payload.id === comment.id);
      const decided = nextEvent(authorSocket, 'comment:decided', (payload) => payload.id === comment.id);

      const response = await decide(admin, comment.id, 'reject', { reason: 'off_topic' });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ comment: { status: 'rejected' }, queues: ['rejected'] });
      expect(await removed).toEqual({ id: comment.id });
      expect(await decided).toMatchObject({ id: comment.id, status: 'rejected' });
      expect(await threadIds(slug)).toEqual([]);
      expect(await decisionRows(comment.id)).toEqual([
        { actorId: expect.any(String), action: 'reject', reason: 'off_topic' },
      ]);
    });

    it('requires a reason from the catalogue', async () => {
      const comment = await postComment((await createUser(app)).client, await story());

      const missing = await admin.post(`/api/moderation/comments/${comment.id}/reject`, {});
      const unknown = await admin.post(`/api/moderation/comments/${comment.id}/reject`, { reason: 'ugly' });

      expect([missing.status, errorOf(missing).code]).toEqual([400, 'request/invalid']);
      expect([unknown.status, errorOf(unknown).code]).toEqual([400, 'request/invalid']);
      expect((await row(comment.id)).status).toBe('published');
    });
  });

  describe(`${ModerationController.prototype.feature.name} and ${ModerationController.prototype.unfeature.name}`, () => {
    it('marks a visible comment featured and back, telling readers with comment:updated', async () => {
      const slug = await story();
      const comment = await postComment((await createUser(app)).client, slug);
      const reader = await watcher(slug);
      const featuredEvent = nextEvent(reader, 'comment:updated', (payload) => payload.id === comment.id);

      const featured = await decide(admin, comment.id, 'feature');

      expect(featured.status).toBe(200);
      expect(featured.body.comment).toMatchObject({ featured: true, status: 'approved' });
      expect(await featuredEvent).toMatchObject({ id: comment.id, featured: true });

      const unfeaturedEvent = nextEvent(reader, 'comment:updated', (payload) => payload.id === comment.id);
      const unfeatured = await decide(admin, comment.id, 'unfeature');

      expect(unfeatured.status).toBe(200);
      expect(unfeatured.body.comment).toMatchObject({ featured: false, status: 'approved' });
      expect(await unfeaturedEvent).toMatchObject({ id: comment.id, featured: false });
      expect(await row(comment.id)).toMatchObject({ featured: false, status: 'approved' });
    });

    it('refuses to feature a rejected comment with 409 comment/not_editable', async () => {
      const comment = await postComment((await createUser(app)).client, await story());
      await decide(admin, comment.id, 'reject');

      const response = await decide(admin, comment.id, 'feature');

      expect([response.status, errorOf(response).code]).toEqual([409, 'comment/not_editable']);
    });
  });

  // ---- the race -----------------------------------------------------------------------------

  describe('two moderators deciding one comment at once', () => {
    it('lets exactly one win; the other is told who decided; one decision in the log; override reverses it', async () => {
      const moderator = await makeModerator();
      const players = [
        { name: ADMIN.username, client: admin, action: 'approve' as const, status: 'approved' },
        { name: moderator.username, client: moderator.client, action: 'reject' as const, status: 'rejected' },
      ];
      const slug = await story('all');
      const author = await createUser(app);

      for (let round = 0; round < 6; round++) {
        const comment = await postComment(author.client, slug);
        // Alternate who sends first, so either may win.
        const order = round % 2 === 0 ? players : [...players].reverse();

        const responses = await Promise.all(
          order.map((player) => decide(player.client, comment.id, player.action)),
        );

        const outcomes = order.map((player, index) => ({ player, response: responses[index]! }));
        const won = outcomes.filter((outcome) => outcome.response.status === 200);
        const lost = outcomes.filter((outcome) => outcome.response.status !== 200);
        expect(won, `round ${round}`).toHaveLength(1);
        expect(lost).toHaveLength(1);
        const winner = won[0]!.player;
        const loser = lost[0]!.player;
        expect(lost[0]!.response.status).toBe(409);
        expect(errorOf(lost[0]!.response)).toMatchObject({
          code: 'moderation/already_decided',
          details: { decidedBy: winner.name, status: winner.status },
        });
        expect(errorOf(lost[0]!.response).message).toContain(winner.name);
        expect((await row(comment.id)).status).toBe(winner.status);
        expect(await decisionRows(comment.id)).toHaveLength(1);

        // The winner repeating their own decision: the same answer, nothing logged twice.
        const repeat = await decide(winner.client, comment.id, winner.action);
        expect(repeat.status).toBe(200);
        expect(repeat.body.comment.status).toBe(winner.status);
        expect(await decisionRows(comment.id)).toHaveLength(1);

        // The loser reversing it on purpose.
        const override = await decide(loser.client, comment.id, loser.action, { override: true });
        expect(override.status).toBe(200);
        expect(override.body.comment.status).toBe(loser.status);
        expect((await row(comment.id)).status).toBe(loser.status);
        expect((await decisionRows(comment.id)).map((entry) => entry.action)).toEqual(
          expect.arrayContaining([winner.action, loser.action]),
        );
        expect(await decisionRows(comment.id)).toHaveLength(2);
      }
    });

    it('tells readers only what the winner decided', async () => {
      const moderator = await makeModerator();
      const slug = await story();
      const comment = await postComment((await createUser(app)).client, slug);
      const reader = await watcher(slug);
      const removed = recordEvents(reader, 'comment:removed');
      const updated = recordEvents(reader, 'comment:updated');

      const [approve, reject] = await Promise.all([
        decide(admin, comment.id, 'approve'),
        decide(moderator.client, comment.id, 'reject'),
      ]);

      // A later event on the same socket proves the earlier ones have arrived.
      const marker = nextEvent(reader, 'comment:created');
      await postComment((await createUser(app)).client, slug);
      await marker;
      if (approve.status === 200) {
        expect(reject.status).toBe(409);
        expect(removed).toEqual([]);
        expect(updated.map((payload) => payload.id)).toEqual([comment.id]);
      } else {
        expect(reject.status).toBe(200);
        expect(removed).toEqual([{ id: comment.id }]);
        expect(updated).toEqual([]);
      }
    });
  });

  // ---- user actions -------------------------------------------------------------------------

  it('sends the author, with comment:decided, their comment as they read it', async () => {
    const slug = await story('all');
    const author = await createUser(app);
    const comment: Comment = await postComment(author.client, slug);
    const socket = await socketOf(author.client);
    const decided = nextEvent(socket, 'comment:decided');

    await decide(admin, comment.id, 'reject', { reason: 'other' });

    const own = await author.client.get<{ comment: Comment }>(`/api/comments/${comment.id}`);
    expect(await decided).toEqual(own.body.comment);
  });
});
