import { sql } from '@parley/db';
import type { Me, SessionUser } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { NotificationDataSection } from '../src/account/notification-data-section.js';
import { StoryRoomsGateway } from '../src/stories/story-rooms.gateway.js';
import { StoryLookupService } from '../src/stories/story-lookup.service.js';
import { AuthController } from '../src/auth/auth.controller.js';
import { AuthService } from '../src/auth/auth.service.js';
import { SocketSessions } from '../src/auth/socket-sessions.js';
import { CommentEventsListener } from '../src/comments/comment-events.listener.js';
import { CommentPostingService } from '../src/comments/comment-posting.service.js';
import { CommentReadingService } from '../src/comments/comment-reading.service.js';
import { ModerationQueuesService } from '../src/moderation/moderation-queues.service.js';
import { ModerationRoomGateway } from '../src/moderation/moderation-room.gateway.js';
import { QueueAnnouncementsListener } from '../src/moderation/queue-announcements.listener.js';
import { PresenceService } from '../src/realtime/presence.service.js';
import { RealtimeGateway } from '../src/realtime/realtime.gateway.js';
import { SettingsService } from '../src/settings/settings.service.js';
import { ADMIN } from './support/app.js';
import { registerUser, uniqueName } from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';
import { appSuite } from './support/suite.js';

appSuite('auth', (sut, { engine }) => {
  /** A client whose sign-in attempts count against their own address (the app trusts X-Forwarded-For from loopback). */
  function clientFrom(address: string): ApiClient {
    const client = new ApiClient(sut.baseUrl);
    const request = client.request.bind(client);
    client.request = (method, path, options = {}) =>
      request(method, path, { ...options, headers: { 'x-forwarded-for': address, ...options.headers } });
    return client;
  }

  let addressCounter = 0;
  function freshAddress(): string {
    addressCounter += 1;
    return `10.${engine === 'postgres' ? 2 : 1}.${Math.floor(addressCounter / 250)}.${(addressCounter % 250) + 1}`;
  }

  describe(AuthController.name, () => {
    describe('without PARLEY_SSO_SECRET', () => {
      it('GET /api/auth/options says there is no SSO; POST /api/auth/sso answers 404 auth/sso_not_configured', async () => {
        const client = new ApiClient(sut.baseUrl);

        const options = await client.get('/api/auth/options');
        const sso = await client.post('/api/auth/sso', { token: 'a.b.c' });

        expect(options.status).toBe(200);
        expect(options.body).toEqual({ sso: false });
        expect(sso.status).toBe(404);
        expect(errorOf(sso).code).toBe('auth/sso_not_configured');
      });
    });

    describe('POST /api/auth/register', () => {
      it('creates a reader and sets an httpOnly, SameSite=Lax session cookie that signs them in', async () => {
        const client = new ApiClient(sut.baseUrl);
        const username = uniqueName('New');

        const response = await client.post<Me>('/api/auth/register', {
          username,
          password: 'correct-horse-1',
        });

        expect(response.status).toBe(201);
        expect(response.body).toMatchObject({
          username,
          displayName: username,
          role: 'reader',
          status: 'active',
        });
        const [cookieLine] = response.headers.getSetCookie();
        expect(cookieLine).toMatch(/^parley_session=[\w-]{20,};/);
        expect(cookieLine).toMatch(/;\s*HttpOnly/i);
        expect(cookieLine).toMatch(/;\s*SameSite=Lax/i);
        expect(cookieLine).toMatch(/;\s*Path=\//i);
        const me = await client.get<SessionUser>('/api/auth/me');
        expect(me.status).toBe(200);
        expect(me.body.user?.id).toBe(response.body.id);
      });

      it('refuses a username taken in another letter case with 409 auth/username_taken and stores nothing', async () => {
        const taken = await registerUser(sut, { username: uniqueName('Case') });
        const client = new ApiClient(sut.baseUrl);

        const response = await client.post('/api/auth/register', {
          username: taken.username.toUpperCase(),
          password: 'another-password',
        });

        expect(response.status).toBe(409);
        expect(errorOf(response).code).toBe('auth/username_taken');
        expect(errorOf(response).fields).toHaveProperty('username');
        expect(client.cookie).toBeUndefined();
        const rows = await sut.db
          .selectFrom('users')
          .select('id')
          .where(sql<string>`lower(username)`, '=', taken.username.toLowerCase())
          .execute();
        expect(rows).toHaveLength(1);
      });

      it('stores the password as an argon2id hash, never as given', async () => {
        const user = await registerUser(sut);

        const row = await sut.db
          .selectFrom('users')
          .select('passwordHash')
          .where('id', '=', user.me.id)
          .executeTakeFirstOrThrow();

        expect(row.passwordHash?.startsWith('$argon2id$')).toBe(true);
        expect(row.passwordHash).not.toContain(user.password);
      });

      it('stores the PARLEY_ADMIN account as an admin with an argon2id hash', async () => {
        const row = await sut.db
          .selectFrom('users')
          .select(['role', 'passwordHash'])
          .where('username', '=', ADMIN.username)
          .executeTakeFirstOrThrow();

        expect(row.role).toBe('admin');
        expect(row.passwordHash?.startsWith('$argon2id$')).toBe(true);
      });

      it.each([
        { case: 'a short username', body: { username: 'ab', password: 'long-enough-1' }, field: 'username' },
        { case: 'a short password', body: { username: uniqueName(), password: 'short' }, field: 'password' },
        {
          case: 'a number as username',
          body: { username: 12345, password: 'long-enough-1' },
          field: 'username',
        },
        { case: 'a missing password', body: { username: uniqueName() }, field: 'password' },
        { case: 'an array body', body: [1, 2], field: 'request' },
      ])('answers $case with 400 request/invalid naming $field', async ({ body, field }) => {
        const client = new ApiClient(sut.baseUrl);

        const response = await client.post('/api/auth/register', body);

        expect(response.status).toBe(400);
        expect(errorOf(response).code).toBe('request/invalid');
        expect(errorOf(response).message).toContain(field);
        expect(client.cookie).toBeUndefined();
      });

      it('answers an empty body with 400 naming both fields', async () => {
        const response = await new ApiClient(sut.baseUrl).request('POST', '/api/auth/register');

        expect(response.status).toBe(400);
        expect(errorOf(response).code).toBe('request/invalid');
        expect(Object.keys(errorOf(response).fields ?? {})).toEqual(
          expect.arrayContaining(['username', 'password']),
        );
      });

      it('answers malformed JSON with 400 request/invalid, not 500', async () => {
        const response = await new ApiClient(sut.baseUrl).request('POST', '/api/auth/register', {
          raw: '{"username": "x", "password": ',
        });

        expect(response.status).toBe(400);
        expect(errorOf(response).code).toBe('request/invalid');
        expect(errorOf(response).message).toMatch(/JSON/);
      });

      it('answers a body over the size limit with 413 and stores nothing', async () => {
        const username = uniqueName();
        const response = await new ApiClient(sut.baseUrl).post('/api/auth/register', {
          username,
          password: 'long-enough-1',
          displayName: 'x'.repeat(70_000),
        });

        expect(response.status).toBe(413);
        expect(errorOf(response).code).toBe('request/invalid');
        const row = await sut.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', username)
          .executeTakeFirst();
        expect(row).toBeUndefined();
      });
    });

    describe('POST /api/auth/login', () => {
      it('signs in with 200 and a new session cookie', async () => {
        const user = await registerUser(sut);
        const client = clientFrom(freshAddress());

        const response = await client.post<Me>('/api/auth/login', {
          username: user.username,
          password: user.password,
        });

        expect(response.status).toBe(200);
        expect(response.body.id).toBe(user.me.id);
        expect(client.cookie).toBeDefined();
        expect(client.cookie).not.toBe(user.client.cookie);
        expect((await client.get<SessionUser>('/api/auth/me')).body.user?.username).toBe(user.username);
      });

      it('accepts the username in another letter case', async () => {
        const user = await registerUser(sut, { username: uniqueName('Mixed') });

        const response = await clientFrom(freshAddress()).post<Me>('/api/auth/login', {
          username: user.username.toLowerCase(),
          password: user.password,
        });

        expect(response.status).toBe(200);
        expect(response.body.id).toBe(user.me.id);
      });

      it('answers a wrong password and an unknown user with the same 401 body', async () => {
        const user = await registerUser(sut);
        const client = clientFrom(freshAddress());

        const wrongPassword = await client.post('/api/auth/login', {
          username: user.username,
          password: 'not-the-password',
        });
        const unknownUser = await client.post('/api/auth/login', {
          username: uniqueName('nobody'),
          password: user.password,
        });

        expect(wrongPassword.status).toBe(401);
        expect(unknownUser.status).toBe(401);
        expect(errorOf(wrongPassword).code).toBe('auth/invalid_credentials');
        expect(unknownUser.body).toEqual(wrongPassword.body);
        expect(client.cookie).toBeUndefined();
      });

      it('answers a missing password with 400 request/invalid naming it', async () => {
        const response = await clientFrom(freshAddress()).post('/api/auth/login', { username: 'someone' });

        expect(response.status).toBe(400);
        expect(errorOf(response).code).toBe('request/invalid');
        expect(errorOf(response).message).toContain('password');
      });

      it('refuses a username with 429 auth/rate_limited after 10 failures, even with the right password', async () => {
        const user = await registerUser(sut);
        const client = clientFrom(freshAddress());
        for (let attempt = 0; attempt < 10; attempt++) {
          const failure = await client.post('/api/auth/login', {
            username: user.username,
            password: `wrong-${attempt}`,
          });
          expect(failure.status).toBe(401);
        }

        const response = await client.post('/api/auth/login', {
          username: user.username,
          password: user.password,
        });

        expect(response.status).toBe(429);
        expect(errorOf(response).code).toBe('auth/rate_limited');
        expect(errorOf(response).details?.retryAfterSeconds).toBeGreaterThan(0);
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(client.cookie).toBeUndefined();
        // The limit is per username: someone else signing in from the same address is not locked out.
        const other = await registerUser(sut);
        const otherLogin = await client.post('/api/auth/login', {
          username: other.username,
          password: other.password,
        });
        expect(otherLogin.status).toBe(200);
      });

      it('refuses an address with 429 after 20 failures there, whatever the username', async () => {
        const user = await registerUser(sut);
        const address = freshAddress();
        const attacker = clientFrom(address);
        for (let attempt = 0; attempt < 20; attempt++) {
          const failure = await attacker.post('/api/auth/login', {
            username: uniqueName('guess'),
            password: 'guessed-1',
          });
          expect(failure.status).toBe(401);
        }

        const fromThere = await clientFrom(address).post('/api/auth/login', {
          username: user.username,
          password: user.password,
        });
        const fromElsewhere = await clientFrom(freshAddress()).post('/api/auth/login', {
          username: user.username,
          password: user.password,
        });

        expect(fromThere.status).toBe(429);
        expect(errorOf(fromThere).code).toBe('auth/rate_limited');
        expect(fromElsewhere.status).toBe(200);
      });
    });

    describe('POST /api/auth/logout', () => {
      it('answers 204, clears the cookie, and the old cookie no longer signs anyone in', async () => {
        const user = await registerUser(sut);
        const stolen = user.client.clone();

        const response = await user.client.request('POST', '/api/auth/logout');

        expect(response.status).toBe(204);
        expect(response.headers.getSetCookie().join('\n')).toMatch(/parley_session=;/);
        expect(user.client.cookie).toBeUndefined();
        const me = await stolen.get<SessionUser>('/api/auth/me');
        expect(me.status).toBe(200);
        expect(me.body.user).toBeNull();
        const post = await stolen.post('/api/stories/lavrov-west-balkans-bridgehead/comments', {
          body: 'after logout',
        });
        expect(post.status).toBe(401);
      });

      it('ends only that session: another sign-in of the same user still works', async () => {
        const user = await registerUser(sut);
        const otherTab = await clientFrom(freshAddress()).post('/api/auth/login', {
          username: user.username,
          password: user.password,
        });
        expect(otherTab.status).toBe(200);
        const secondSession = new ApiClient(sut.baseUrl);
        secondSession.cookie = `parley_session=${/parley_session=([^;]+)/.exec(otherTab.headers.getSetCookie()[0]!)![1]}`;

        await user.client.request('POST', '/api/auth/logout');

        expect((await secondSession.get<SessionUser>('/api/auth/me')).body.user?.id).toBe(user.me.id);
      });
    });

    describe('GET /api/auth/me', () => {
      it('answers 200 with the signed-in user', async () => {
        const user = await registerUser(sut, { displayName: 'Shown Name' });

        const response = await user.client.get<SessionUser>('/api/auth/me');

        expect(response.status).toBe(200);
        expect(response.body.user).toEqual({
          id: user.me.id,
          username: user.username,
          displayName: 'Shown Name',
          role: 'reader',
          status: 'active',
          suspendedUntil: null,
          email: null,
          emailVerified: false,
          signIn: 'password',
        });
      });

      it('answers 200 { user: null } without a cookie or with a forged one, so anonymous pages log no error', async () => {
        const anonymous = await new ApiClient(sut.baseUrl).get<SessionUser>('/api/auth/me');
        const forgedClient = new ApiClient(sut.baseUrl);
        forgedClient.cookie = 'parley_session=not-a-real-session-token';
        const forged = await forgedClient.get<SessionUser>('/api/auth/me');

        expect(anonymous.status).toBe(200);
        expect(anonymous.body).toEqual({ user: null });
        expect(forged.status).toBe(200);
        expect(forged.body).toEqual({ user: null });
      });
    });

    describe('unknown routes', () => {
      it('answer 404 request/not_found in the error format', async () => {
        const response = await new ApiClient(sut.baseUrl).get('/api/no-such-thing');

        expect(response.status).toBe(404);
        expect(errorOf(response).code).toBe('request/not_found');
      });
    });

    describe('cross-site mutations', () => {
      it.each(['https://evil.example', 'null', `http://127.0.0.1:1`])(
        'refuses Origin %s with 403 request/cross_site before doing anything',
        async (origin) => {
          const username = uniqueName();
          const response = await new ApiClient(sut.baseUrl).post(
            '/api/auth/register',
            { username, password: 'long-enough-1' },
            { origin },
          );

          expect(response.status).toBe(403);
          expect(errorOf(response).code).toBe('request/cross_site');
          const row = await sut.db
            .selectFrom('users')
            .select('id')
            .where('username', '=', username)
            .executeTakeFirst();
          expect(row).toBeUndefined();
        },
      );

      it('refuses a signed-in cross-site comment and a cross-site logout, leaving the session alive', async () => {
        const user = await registerUser(sut);
        const body = `cross-site ${uniqueName()}`;

        const post = await user.client.post(
          '/api/stories/lavrov-west-balkans-bridgehead/comments',
          { body },
          { origin: 'https://evil.example' },
        );
        const logout = await user.client.request('POST', '/api/auth/logout', {
          origin: 'https://evil.example',
        });

        expect(post.status).toBe(403);
        expect(errorOf(post).code).toBe('request/cross_site');
        expect(logout.status).toBe(403);
        expect(
          await sut.db.selectFrom('comments').select('id').where('body', '=', body).execute(),
        ).toHaveLength(0);
        expect((await user.client.get<SessionUser>('/api/auth/me')).body.user?.id).toBe(user.me.id);
      });
    });
  });

  // Without decorator metadata Nest boots and injects undefined, failing only at request time.
  describe('dependency injection', () => {
    it.each([
      { provider: CommentReadingService, field: 'comments' },
      { provider: CommentPostingService, field: 'transactions' },
      { provider: CommentEventsListener, field: 'comments' },
      { provider: QueueAnnouncementsListener, field: 'queues' },
      { provider: AuthService, field: 'users' },
      { provider: StoryLookupService, field: 'stories' },
      { provider: SettingsService, field: 'repository' },
      { provider: ModerationQueuesService, field: 'queues' },
      { provider: PresenceService, field: 'realtime' },
      { provider: RealtimeGateway, field: 'identities' },
      { provider: SocketSessions, field: 'auth' },
      { provider: StoryRoomsGateway, field: 'stories' },
      { provider: ModerationRoomGateway, field: 'queues' },
      { provider: NotificationDataSection, field: 'myData' },
    ])('gives $provider.name its dependencies', ({ provider, field }) => {
      const instance = sut.app.get<object>(provider, { strict: false });

      expect(instance).toBeInstanceOf(provider);
      expect((instance as Record<string, unknown>)[field]).toBeDefined();
      for (const [name, value] of Object.entries(instance)) {
        expect(value, `${provider.name}.${name}`).not.toBeUndefined();
      }
    });
  });
});
