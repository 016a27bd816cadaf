import type { ModeratedUser, SessionUser, CreateCommentResponse } from '@parley/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModerationController } from '../src/moderation/moderation.controller.js';
import { ADMIN } from './support/app.js';
import { createUser, login, postComment, uniqueBody } from './support/factories.js';
import { errorOf, type ApiClient } from './support/http.js';
import { nextDisconnect, nextEvent } from './support/sockets.js';
import { moderationScene } from './support/moderation-scene.js';
import { appSuite } from './support/suite.js';

/** Decisions on people: suspend, ban, unban, pre-moderation, and the audit log of them all. */
appSuite('moderation actions', { closeSocketsAfterEach: true }, (app) => {
  const scene = moderationScene(app);
  const { story, row, watcher, threadIds, makeModerator, socketOf, decide } = scene;
  let admin: ApiClient;
  beforeAll(() => {
    admin = scene.admin();
  });

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
});
