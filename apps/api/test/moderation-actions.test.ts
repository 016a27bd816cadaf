import type { PremodMode } from '@parley/db';
import type {
  Ack,
  Comment,
  CreateCommentResponse,
  DecisionResponse,
  ModeratedUser,
  QueueCounts,
  SessionUser,
  ThreadPage,
} from '@parley/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModerationController } from '../src/moderation/moderation.controller.js';
import { ADMIN } from './support/app.js';
import {
  createStory,
  setPostInterval,
  createUser,
  login,
  loginAdmin,
  postComment,
  uniqueBody,
  type TestUser,
} from './support/factories.js';
import { errorOf, type ApiClient } from './support/http.js';
import {
  connectSocket,
  joined,
  nextDisconnect,
  nextEvent,
  recordEvents,
  type ClientSocket,
} from './support/sockets.js';
import { appSuite } from './support/suite.js';

appSuite('moderation actions', { closeSocketsAfterEach: true }, (app) => {
  let admin: ApiClient;

  beforeAll(async () => {
    admin = await loginAdmin(app);
    // One reader posts several comments in a row here; the interval has tests of its own.
    await setPostInterval(app, 0);
  });

  // ---- local helpers ------------------------------------------------------------------------

  function makeModerator(): Promise<TestUser> {
    return createUser(app, { role: 'moderator' });
  }

  async function story(premod: PremodMode = 'off') {
    return (await createStory(app.db, { premod })).slug;
  }

  /** A socket in a story's room, as a reader's open page. */
  async function watcher(slug: string): Promise<ClientSocket> {
    const socket = await connectSocket(app.baseUrl);
    await joined(socket, slug);
    return socket;
  }

  /** A socket of this signed-in client (in its user room), optionally in the moderation room. */
  async function socketOf(client: ApiClient, options: { moderation?: boolean } = {}): Promise<ClientSocket> {
    const socket = await connectSocket(app.baseUrl, { cookie: client.cookie });
    if (options.moderation) {
      const ack: Ack<QueueCounts> = await socket.timeout(5000).emitWithAck('moderation:join', {});
      expect(ack.ok).toBe(true);
    }
    return socket;
  }

  async function row(id: string) {
    return app.db
      .selectFrom('comments')
      .select(['status', 'featured', 'flags', 'matchedWords', 'reportCount', 'decidedBy'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  }

  async function decisionRows(commentId: string) {
    return app.db
      .selectFrom('moderationActions')
      .select(['actorId', 'action', 'reason'])
      .where('commentId', '=', commentId)
      .where('action', 'in', ['approve', 'reject'])
      .execute();
  }

  async function threadIds(slug: string): Promise<string[]> {
    const page = await admin.get<ThreadPage>(`/api/stories/${slug}/comments?sort=newest`);
    return page.body.items.map((item) => item.id);
  }

  function decide(
    client: ApiClient,
    id: string,
    action: 'approve' | 'reject' | 'feature' | 'unfeature',
    body: object = {},
  ) {
    return client.post<DecisionResponse>(
      `/api/moderation/comments/${id}/${action}`,
      action === 'reject' ? { reason: 'spam', ...body } : body,
    );
  }

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

  describe(ModerationController.prototype.suspend.name, () => {
    it('stops the user posting with 403 comment/suspended naming when it ends', async () => {
      const slug = await story();
      const user = await createUser(app);
      const started = Date.now();

      const response = await admin.post<ModeratedUser>(`/api/moderation/users/${user.me.id}/suspend`, {
        hours: 24,
      });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: user.me.id, status: 'suspended' });
      const until = new Date(response.body.suspendedUntil!);
      expect(until.getTime()).toBeGreaterThanOrEqual(started + 24 * 3600_000 - 1000);
      expect(until.getTime()).toBeLessThanOrEqual(Date.now() + 24 * 3600_000 + 1000);

      const post = await user.client.post(`/api/stories/${slug}/comments`, { body: uniqueBody() });

      expect(post.status).toBe(403);
      expect(errorOf(post)).toMatchObject({
        code: 'comment/suspended',
        details: { suspendedUntil: until.toISOString() },
      });
      expect(errorOf(post).message).toContain(until.toUTCString());
    });

    it('accepts only the offered durations', async () => {
      const user = await createUser(app);

      const response = await admin.post(`/api/moderation/users/${user.me.id}/suspend`, { hours: 5 });

      expect([response.status, errorOf(response).code]).toEqual([400, 'request/invalid']);
    });

    it('lets the user post again once the suspension has passed', async () => {
      const slug = await story();
      const user = await createUser(app);
      await admin.post(`/api/moderation/users/${user.me.id}/suspend`, { hours: 1 });
      await app.db
        .updateTable('users')
        .set({ suspendedUntil: new Date(Date.now() - 1000) })
        .where('id', '=', user.me.id)
        .execute();

      expect((await postComment(user.client, slug)).status).toBe('published');
    });
  });

  describe(ModerationController.prototype.ban.name, () => {
    it('ends the user’s sessions and sockets, and with rejectExisting takes down what they wrote', async () => {
      const open = await story();
      const held = await story('all');
      const user = await createUser(app);
      const visible = await postComment(user.client, open);
      const pending = await postComment(user.client, held);
      const reader = await watcher(open);
      const userSocket = await socketOf(user.client);
      const secondTab = await socketOf(user.client);
      const ended = nextEvent(userSocket, 'session:ended');
      const disconnected = Promise.all([nextDisconnect(userSocket), nextDisconnect(secondTab)]);
      const removed = nextEvent(reader, 'comment:removed', (payload) => payload.id === visible.id);

      const response = await admin.post<ModeratedUser>(`/api/moderation/users/${user.me.id}/ban`, {
        reason: 'spam account',
        rejectExisting: true,
      });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: user.me.id, status: 'banned' });
      expect(await ended).toEqual({ reason: 'banned' });
      expect(await disconnected).toEqual(['io server disconnect', 'io server disconnect']);
      expect(await removed).toEqual({ id: visible.id });
      const me = await user.client.get<SessionUser>('/api/auth/me');
      expect([me.status, me.body.user]).toEqual([200, null]);
      const post = await user.client.post(`/api/stories/${open}/comments`, { body: uniqueBody() });
      expect(post.status).toBe(401);
      await expect(login(app, user.username, user.password)).rejects.toThrow(/403.*auth\/banned/);
      expect((await row(visible.id)).status).toBe('rejected');
      expect((await row(pending.id)).status).toBe('rejected');
      expect(await threadIds(open)).toEqual([]);
    });

    it('leaves what they wrote in place without rejectExisting', async () => {
      const slug = await story();
      const user = await createUser(app);
      const comment = await postComment(user.client, slug);

      const response = await admin.post(`/api/moderation/users/${user.me.id}/ban`, { reason: 'troll' });

      expect(response.status).toBe(200);
      expect((await row(comment.id)).status).toBe('published');
    });

    it('refuses a moderator banning another moderator or an admin with 403 moderation/protected_user', async () => {
      const moderator = await makeModerator();
      const other = await makeModerator();
      const adminId = (
        await app.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', ADMIN.username)
          .executeTakeFirstOrThrow()
      ).id;

      const onModerator = await moderator.client.post(`/api/moderation/users/${other.me.id}/ban`, {
        reason: 'x',
      });
      const onAdmin = await moderator.client.post(`/api/moderation/users/${adminId}/ban`, { reason: 'x' });
      const onSelf = await moderator.client.post(`/api/moderation/users/${moderator.me.id}/ban`, {
        reason: 'x',
      });

      for (const response of [onModerator, onAdmin, onSelf]) {
        expect([response.status, errorOf(response).code]).toEqual([403, 'moderation/protected_user']);
      }
      expect(
        await app.db
          .selectFrom('users')
          .select('status')
          .where('id', '=', other.me.id)
          .executeTakeFirstOrThrow(),
      ).toEqual({
        status: 'active',
      });
    });

    it('answers an unknown user with 404 moderation/user_not_found', async () => {
      const response = await admin.post('/api/moderation/users/00000000-0000-4000-8000-000000000000/ban', {
        reason: 'x',
      });

      expect([response.status, errorOf(response).code]).toEqual([404, 'moderation/user_not_found']);
    });
  });

  describe(ModerationController.prototype.unban.name, () => {
    it('lets a banned user sign in and post again', async () => {
      const slug = await story();
      const user = await createUser(app);
      await admin.post(`/api/moderation/users/${user.me.id}/ban`, { reason: 'mistake' });

      const response = await admin.post<ModeratedUser>(`/api/moderation/users/${user.me.id}/unban`, {});

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'active', suspendedUntil: null });
      const client = await login(app, user.username, user.password);
      const posted = await client.post<CreateCommentResponse>(`/api/stories/${slug}/comments`, {
        body: uniqueBody(),
      });
      expect(posted.status).toBe(201);
      expect(posted.body.comment.status).toBe('published');
    });
  });

  describe(ModerationController.prototype.premod.name, () => {
    it('holds the user’s next comments as pending with user_premod, until turned off', async () => {
      const slug = await story();
      const user = await createUser(app);
      const staff = await socketOf(admin, { moderation: true });

      const on = await admin.post<ModeratedUser>(`/api/moderation/users/${user.me.id}/premod`, { on: true });
      expect(on.status).toBe(200);
      expect(on.body.alwaysPremod).toBe(true);
      const added = nextEvent(staff, 'queue:added', (payload) => payload.queue === 'pending');
      const held = await postComment(user.client, slug);

      expect(held.status).toBe('pending');
      expect(await row(held.id)).toMatchObject({ status: 'pending', flags: ['user_premod'] });
      expect(await added).toMatchObject({ item: { comment: { id: held.id }, flags: ['user_premod'] } });

      const off = await admin.post<ModeratedUser>(`/api/moderation/users/${user.me.id}/premod`, {
        on: false,
      });
      expect(off.body.alwaysPremod).toBe(false);
      expect((await postComment(user.client, slug)).status).toBe('published');
    });
  });

  describe('the audit log', () => {
    it('has one row per decision and user action, with the moderator as actor', async () => {
      const moderator = await makeModerator();
      const slug = await story();
      const user = await createUser(app);
      const comment = await postComment(user.client, slug);

      await decide(moderator.client, comment.id, 'feature');
      await decide(moderator.client, comment.id, 'unfeature');
      await decide(moderator.client, comment.id, 'reject', { reason: 'abuse' });
      await moderator.client.post(`/api/moderation/users/${user.me.id}/suspend`, { hours: 1 });
      await moderator.client.post(`/api/moderation/users/${user.me.id}/premod`, { on: true });

      const page = await admin.get<{
        items: {
          actor: string | null;
          action: string;
          commentId: string | null;
          userId: string | null;
          reason: string | null;
        }[];
      }>('/api/moderation/log?limit=100');
      const mine = page.body.items.filter(
        (entry) => entry.commentId === comment.id || entry.userId === user.me.id,
      );
      expect(mine.map((entry) => entry.action).reverse()).toEqual([
        'feature',
        'unfeature',
        'reject',
        'suspend',
        'premod_on',
      ]);
      expect(new Set(mine.map((entry) => entry.actor))).toEqual(new Set([moderator.username]));
      expect(mine.find((entry) => entry.action === 'reject')?.reason).toBe('abuse');
    });
  });

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
