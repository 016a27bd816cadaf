import { randomBytes, randomUUID } from 'node:crypto';
import type { MyDataExport, SessionUser, ModerationLogPage, TokenSignInResponse } from '@parley/shared';
import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commentCount } from '../src/stories/stories.repository.js';
import { Clock } from '../src/common/clock.js';
import { OutboxWorker } from '../src/outbox/outbox.worker.js';
import { BOOT_TIMEOUT_MS, startApp, type TestApp } from './support/app.js';
import { closeAllSockets, connectSocket, nextEvent } from './support/sockets.js';
import {
  createStory,
  createUser,
  established,
  loginAdmin,
  postComment,
  registerUser,
  setPostInterval,
  uniqueName,
} from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';
import { waitFor } from './support/wait.js';
import { appSuite, type AppSuiteOptions } from './support/suite.js';

const PUBLIC_URL = 'https://comments.example.org';

const options: AppSuiteOptions = {
  env: { PARLEY_OUTBOX_POLL_MS: '50', PARLEY_PUBLIC_URL: `${PUBLIC_URL}/` },
};

appSuite('my data', options, (testApp, setup) => {
  let admin: ApiClient;

  beforeAll(async () => {
    admin = await loginAdmin(testApp);
    // Authors here post twice in a row; the interval has its own tests.
    await setPostInterval(testApp, 0);
  }, BOOT_TIMEOUT_MS);

  const visibleComments = async (storyId: string) =>
    // Read as the app reads it: the row's base plus the per-backend deltas.
    (
      await testApp.db
        .selectFrom('stories')
        .select(commentCount)
        .where('id', '=', storyId)
        .executeTakeFirstOrThrow()
    ).commentCount;

  it('exports my account, comments with their stories, reactions and reports as a download', async () => {
    const story = await createStory(testApp.db, { title: 'The export story' });
    const me = await createUser(testApp, established());
    const other = await createUser(testApp, established());
    const mine = await postComment(me.client, story.slug, { body: 'My own words' });
    const theirs = await postComment(other.client, story.slug);
    expect((await me.client.put(`/api/comments/${theirs.id}/reactions/like`)).status).toBeLessThan(300);
    expect(
      (await me.client.post(`/api/comments/${theirs.id}/reports`, { reason: 'spam' })).status,
    ).toBeLessThan(300);

    const response = await me.client.get<MyDataExport>('/api/me/export');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('attachment');
    expect(response.body.account).toMatchObject({ id: me.me.id, username: me.username });
    expect(response.body.comments).toEqual([
      expect.objectContaining({
        id: mine.id,
        body: 'My own words',
        story: {
          slug: story.slug,
          title: 'The export story',
          url: `${PUBLIC_URL}/stories/${story.slug}`,
        },
        url: `${PUBLIC_URL}/comments/${mine.id}`,
      }),
    ]);
    expect(response.body.reactions).toEqual([
      expect.objectContaining({ commentId: theirs.id, kind: 'like' }),
    ]);
    expect(response.body.reports).toEqual([
      expect.objectContaining({ commentId: theirs.id, reason: 'spam' }),
    ]);
    expect(JSON.stringify(response.body)).not.toContain(other.username);
  });

  it('exports my email with its state and my notification settings', async () => {
    const me = await createUser(testApp, established());
    const email = `${me.username}@example.org`.toLowerCase();
    const unverified = await me.client.get<MyDataExport>('/api/me/export');
    expect(unverified.body.account).toMatchObject({ email: null, emailVerified: false });
    expect(unverified.body.more.notificationSettings).toEqual({
      reply: 'email',
      staffReply: 'email',
      decision: 'email',
      delivery: 'immediate',
      digestHour: 8,
    });

    await testApp.db
      .updateTable('users')
      .set({ email, emailVerifiedAt: new Date() })
      .where('id', '=', me.me.id)
      .execute();
    const changed = await me.client.put('/api/me/notifications/settings', {
      json: { reply: 'in_app', decision: 'off', digestHour: 19 },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);

    const response = await me.client.get<MyDataExport>('/api/me/export');
    expect(response.body.account).toMatchObject({ id: me.me.id, email, emailVerified: true });
    expect(response.body.more.notificationSettings).toEqual({
      reply: 'in_app',
      staffReply: 'email',
      decision: 'off',
      delivery: 'immediate',
      digestHour: 19,
    });
  });

  it('links a comment on an embedded story to its host page, and its story to the story page here', async () => {
    const me = await createUser(testApp, established());
    const key = randomBytes(6).toString('hex');
    const url = `https://news.example.org/world/${key}`;
    const story = await testApp.db
      .insertInto('stories')
      .values({ slug: `embedded-${key}`, url, title: 'Hosted', body: '', publishedAt: new Date() })
      .returning(['id', 'slug'])
      .executeTakeFirstOrThrow();
    const mine = await postComment(me.client, story.slug);

    const response = await me.client.get<MyDataExport>('/api/me/export');
    expect(response.body.comments).toEqual([
      expect.objectContaining({
        id: mine.id,
        story: { slug: story.slug, title: 'Hosted', url: `${PUBLIC_URL}/stories/${story.slug}` },
        url: `${url}#parley-comment-${mine.id}`,
      }),
    ]);
  });

  it('deletes my account with my password: placeholders, replies kept, sessions ended, username freed after 30 days', async () => {
    const story = await createStory(testApp.db);
    const me = await registerUser(testApp, { displayName: 'Leaving Soon' });
    await testApp.db.updateTable('users').set(established()).where('id', '=', me.me.id).execute();
    const other = await createUser(testApp, established());
    const mine = await postComment(me.client, story.slug, { body: 'I will be gone' });
    const reply = await postComment(other.client, story.slug, { parentId: mine.id });
    const theirs = await postComment(other.client, story.slug);
    expect((await me.client.put(`/api/comments/${theirs.id}/reactions/like`)).status).toBeLessThan(300);
    expect(await visibleComments(story.id)).toBe(3);
    const secondTab = me.client.clone();

    const wrong = await me.client.delete('/api/me', { json: { password: 'not-my-password' } });
    expect(wrong.status).toBe(403);
    expect(errorOf(wrong).code).toBe('account/confirmation_failed');
    expect((await me.client.get<SessionUser>('/api/auth/me')).body.user).not.toBeNull();

    const deleted = await me.client.delete('/api/me', { json: { password: me.password } });
    expect(deleted.status).toBe(204);

    expect((await secondTab.get<SessionUser>('/api/auth/me')).body.user, 'every session ended').toBeNull();
    const row = await testApp.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', me.me.id)
      .executeTakeFirstOrThrow();
    expect(row.displayName).not.toContain('Leaving');
    expect(row.deletedAt).toBeInstanceOf(Date);
    const placeholder = await testApp.db
      .selectFrom('comments')
      .select(['status', 'body'])
      .where('id', '=', mine.id)
      .executeTakeFirstOrThrow();
    expect(placeholder).toEqual({ status: 'deleted', body: '' });
    const kept = await testApp.db
      .selectFrom('comments')
      .select('status')
      .where('id', '=', reply.id)
      .executeTakeFirstOrThrow();
    expect(kept.status).toBe('published');
    expect(await visibleComments(story.id), 'my comment no longer counts').toBe(2);
    const reactions = await testApp.db
      .selectFrom('comments')
      .select('reactionCount')
      .where('id', '=', theirs.id)
      .executeTakeFirstOrThrow();
    expect(reactions.reactionCount).toBe(0);
    expect(
      (await registerUser(testApp, { username: me.username }).catch((error: Error) => error)) instanceof
        Error,
    ).toBe(true);
    expect((await login(me.username, me.password)).status, 'the old password is gone').toBe(401);

    testApp.app.get(Clock).advance(31 * 24 * 3600_000);
    testApp.app.get(OutboxWorker).wake();
    await waitFor(async () => {
      const renamed = await testApp.db
        .selectFrom('users')
        .select('username')
        .where('id', '=', me.me.id)
        .executeTakeFirstOrThrow();
      return renamed.username !== me.username;
    }, 'the username to be freed');
    const again = await registerUser(testApp, { username: me.username });
    expect(again.me.id).not.toBe(me.me.id);
  });

  async function login(username: string, password: string) {
    return new ApiClient(testApp.baseUrl).post('/api/auth/login', { username, password });
  }

  it('lets an admin delete an account, logged, but not an admin', async () => {
    const target = await createUser(testApp, established());
    const story = await createStory(testApp.db);
    await postComment(target.client, story.slug);

    expect((await admin.delete(`/api/moderation/users/${target.me.id}`)).status).toBe(204);
    expect((await target.client.get<SessionUser>('/api/auth/me')).body.user).toBeNull();
    const log = await admin.get<ModerationLogPage>('/api/moderation/log?limit=10');
    expect(log.body.items).toContainEqual(
      expect.objectContaining({ action: 'delete_account', userId: target.me.id }),
    );
    expect(await visibleComments(story.id)).toBe(0);

    const { id: adminId } = await testApp.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .executeTakeFirstOrThrow();
    const refused = await admin.delete(`/api/moderation/users/${adminId}`);
    expect(errorOf(refused).code).toBe('moderation/protected_user');
    expect((await admin.delete(`/api/moderation/users/${target.me.id}`)).status, 'already deleted').toBe(404);
  });

  it('refuses a deletion request without a confirmation, and an SSO token without a verifier', async () => {
    const me = await createUser(testApp, established());
    expect((await me.client.delete('/api/me', { json: {} })).status).toBe(400);
    const sso = await me.client.delete('/api/me', { json: { ssoToken: 'a.b.c' } });
    expect(errorOf(sso).code).toBe('account/confirmation_failed');
    expect((await me.client.get<SessionUser>('/api/auth/me')).body.user).not.toBeNull();
  });

  describe('an SSO account', () => {
    const HOST_SITE = 'https://news.example.org';
    const SECRET = `sso-${randomBytes(24).toString('hex')}`;
    let ssoApp: TestApp;

    beforeAll(async () => {
      ssoApp = await startApp({ ...setup, env: { PARLEY_ORIGINS: HOST_SITE, PARLEY_SSO_SECRET: SECRET } });
    }, BOOT_TIMEOUT_MS);
    afterEach(() => closeAllSockets());
    afterAll(async () => {
      await ssoApp?.close();
    });

    /** A token as the host site signs one; each is unique (a used token is refused). */
    async function ssoToken(claims: Record<string, unknown>, secret = SECRET): Promise<string> {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        username: uniqueName('Sso'),
        iat: now,
        exp: now + 3600,
        jti: randomUUID(),
        ...claims,
      })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(secret));
    }

    /** A client on the host page: its Origin and the bearer token, no cookie. */
    function hostPage(token?: string): ApiClient {
      const client = new ApiClient(ssoApp.baseUrl);
      const request = client.request.bind(client);
      client.request = (method, path, options = {}) =>
        request(method, path, {
          origin: HOST_SITE,
          ...options,
          headers: { ...(token && { authorization: `Bearer ${token}` }), ...options.headers },
        });
      return client;
    }

    async function signIn(sub: string, email?: string) {
      const response = await hostPage().post<TokenSignInResponse>('/api/auth/sso', {
        token: await ssoToken({ sub, ...(email && { email }) }),
      });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body;
    }

    it('refuses a token for another sub, an expired one and one with another secret', async () => {
      const sub = `host-${randomUUID()}`;
      const { token } = await signIn(sub);
      const now = Math.floor(Date.now() / 1000);
      for (const [label, confirmation] of [
        ['another sub', await ssoToken({ sub: `host-${randomUUID()}` })],
        ['expired', await ssoToken({ sub, iat: now - 7200, exp: now - 60 })],
        ['another secret', await ssoToken({ sub }, `other-${randomBytes(24).toString('hex')}`)],
      ] as const) {
        const refused = await hostPage(token).delete('/api/me', { json: { ssoToken: confirmation } });
        expect(refused.status, label).toBe(403);
        expect(errorOf(refused).code, label).toBe('account/confirmation_failed');
      }
      expect((await hostPage(token).get<SessionUser>('/api/auth/me')).body.user).not.toBeNull();
    });

    it('deletes with a fresh token for its own sub: link and email cleared, sockets told, a new sign-in makes a new account', async () => {
      const sub = `host-${randomUUID()}`;
      const email = `${randomBytes(6).toString('hex')}@news.example.org`;
      const first = await signIn(sub, email);
      const before = await ssoApp.db
        .selectFrom('users')
        .select(['email', 'ssoSubject'])
        .where('id', '=', first.me.id)
        .executeTakeFirstOrThrow();
      expect(before).toEqual({ email, ssoSubject: sub });
      const socket = await connectSocket(ssoApp.baseUrl, {
        headers: { origin: HOST_SITE },
        auth: { token: first.token },
      });
      const ended = nextEvent(socket, 'session:ended');

      const deleted = await hostPage(first.token).delete('/api/me', {
        json: { ssoToken: await ssoToken({ sub }) },
      });

      expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);
      expect(await ended).toEqual({ reason: 'account deleted' });
      expect((await hostPage(first.token).get<SessionUser>('/api/auth/me')).body.user).toBeNull();
      const row = await ssoApp.db
        .selectFrom('users')
        .select(['email', 'emailVerifiedAt', 'ssoSubject', 'deletedAt'])
        .where('id', '=', first.me.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ email: null, emailVerifiedAt: null, ssoSubject: null });
      expect(row.deletedAt).toBeInstanceOf(Date);

      const again = await signIn(sub, email);
      expect(again.me.id).not.toBe(first.me.id);
      const me = await hostPage(again.token).get<SessionUser>('/api/auth/me');
      expect(me.body.user).toMatchObject({ id: again.me.id, email, emailVerified: true });
    });
  });
});
