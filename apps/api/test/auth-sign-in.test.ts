import type { Me, SessionUser } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { AuthController } from '../src/auth/auth.controller.js';
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
          locale: null,
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
  });
});
