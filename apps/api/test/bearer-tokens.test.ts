import { randomBytes } from 'node:crypto';
import type { CreateCommentResponse, Me, SessionUser, TokenSignInResponse } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { AuthController } from '../src/auth/auth.controller.js';
import { createStory, createUser, uniqueBody, uniqueName } from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';
import { HOST_SITE, hostSiteClients, hostSiteSuite, ssoToken } from './support/host-site.js';
import { connectSocket, nextEvent, openSocket, waitForConnect } from './support/sockets.js';
import { appSuite } from './support/suite.js';

appSuite('cross-site sign-in', hostSiteSuite, (sut) => {
  const { hostPage, signInWithSso } = hostSiteClients(sut);

  describe(`${AuthController.name}: token sign-in for Parley accounts`, () => {
    it('register with "token": true answers 201 { me, token } and sets no cookie', async () => {
      const username = uniqueName('Tok');
      const response = await hostPage().post<TokenSignInResponse>('/api/auth/register', {
        username,
        password: 'correct-horse-1',
        token: true,
      });

      expect(response.status).toBe(201);
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(response.body.me.username).toBe(username);
      expect((await hostPage(response.body.token).get<SessionUser>('/api/auth/me')).body.user?.username).toBe(
        username,
      );
    });

    it('login with "token": true answers { me, token } and sets no cookie; without it, the cookie as before', async () => {
      const user = await createUser(sut);
      const withToken = await hostPage().post<TokenSignInResponse>('/api/auth/login', {
        username: user.username,
        password: user.password,
        token: true,
      });
      const withCookie = await new ApiClient(sut.baseUrl).post<Me>('/api/auth/login', {
        username: user.username,
        password: user.password,
      });

      expect(withToken.status).toBe(200);
      expect(withToken.headers.getSetCookie()).toEqual([]);
      expect(withToken.body).toEqual({
        me: expect.objectContaining({ id: user.me.id }),
        token: expect.any(String),
      });
      expect(withCookie.status).toBe(200);
      expect(withCookie.body.id).toBe(user.me.id);
      expect(withCookie.headers.getSetCookie()[0]).toMatch(/^parley_session=/);
    });

    it('logout with a bearer ends that session, closes its sockets, and leaves others alone', async () => {
      const signedIn = await signInWithSso(await ssoToken());
      const token = signedIn.body.token;
      const other = await createUser(sut);
      const tokenSocket = await connectSocket(sut.baseUrl, {
        headers: { origin: HOST_SITE },
        auth: { token },
      });
      const ended = nextEvent(tokenSocket, 'session:ended');

      const response = await hostPage(token).post('/api/auth/logout');

      expect(response.status).toBe(204);
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(await ended).toEqual({ reason: 'signed out' });
      expect((await hostPage(token).get<SessionUser>('/api/auth/me')).body.user).toBeNull();
      expect((await other.client.get<SessionUser>('/api/auth/me')).body.user?.id).toBe(other.me.id);
    });
  });

  describe('bearer tokens on HTTP', () => {
    it('posts a comment from a listed host site with a bearer token', async () => {
      const signedIn = await signInWithSso(await ssoToken());
      const story = await createStory(sut.db);
      const body = uniqueBody('From the host page');

      const response = await hostPage(signedIn.body.token).post<CreateCommentResponse>(
        `/api/stories/${story.slug}/comments`,
        { body },
      );

      expect(response.status).toBe(201);
      expect(response.body.comment).toMatchObject({ body, author: { id: signedIn.body.me.id } });
      expect(response.headers.get('access-control-allow-origin')).toBe(HOST_SITE);
    });

    it('refuses the same post from an origin not listed with 403 request/cross_site', async () => {
      const signedIn = await signInWithSso(await ssoToken());
      const story = await createStory(sut.db);

      const response = await hostPage(signedIn.body.token, 'https://evil.example').post(
        `/api/stories/${story.slug}/comments`,
        { body: uniqueBody() },
      );

      expect(response.status).toBe(403);
      expect(errorOf(response).code).toBe('request/cross_site');
    });

    it('treats an unknown bearer token as anonymous: public routes answer, signed-in ones 401', async () => {
      const stranger = hostPage(randomBytes(32).toString('base64url'));

      expect((await stranger.get('/api/auth/options')).status).toBe(200);
      expect((await stranger.get<SessionUser>('/api/auth/me')).body).toEqual({ user: null });
      const mine = await stranger.get('/api/me/notifications');
      expect(mine.status).toBe(401);
      expect(errorOf(mine).code).toBe('auth/unauthenticated');
    });
  });

  describe('CORS', () => {
    async function preflight(origin: string) {
      return fetch(new URL('/api/auth/sso', sut.baseUrl), {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,x-socket-id',
        },
      });
    }

    it('answers a preflight from a listed origin: that origin, the three headers, cacheable for 10 minutes, no credentials', async () => {
      const response = await preflight(HOST_SITE);

      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(HOST_SITE);
      expect(response.headers.get('access-control-allow-headers')?.toLowerCase().split(',')).toEqual([
        'content-type',
        'authorization',
        'x-socket-id',
      ]);
      expect(response.headers.get('access-control-allow-methods')).toContain('POST');
      expect(response.headers.get('access-control-max-age')).toBe('600');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      expect(response.headers.get('vary')?.toLowerCase()).toContain('origin');
    });

    it('gives an origin not listed no CORS headers, so the browser refuses it', async () => {
      const response = await preflight('https://evil.example');

      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-headers')).toBeNull();
    });

    it('lets a listed page read ETag and Retry-After', async () => {
      const response = await fetch(new URL('/api/auth/options', sut.baseUrl), {
        headers: { origin: HOST_SITE },
      });

      expect(response.headers.get('access-control-allow-origin')).toBe(HOST_SITE);
      expect(response.headers.get('access-control-expose-headers')).toBe('ETag,Retry-After');
    });
  });

  describe('bearer tokens on the socket handshake', () => {
    it('signs in a socket with auth.token from a listed host page (it may join its user room)', async () => {
      const signedIn = await signInWithSso(await ssoToken());
      const socket = await connectSocket(sut.baseUrl, {
        headers: { origin: HOST_SITE },
        auth: { token: signedIn.body.token },
      });

      // A signed-in socket hears its own session end; an anonymous one would not.
      const ended = nextEvent(socket, 'session:ended');
      await hostPage(signedIn.body.token).post('/api/auth/logout');
      expect(await ended).toEqual({ reason: 'signed out' });
    });

    it('connects a socket with an unknown token as anonymous (moderation:join answers auth/unauthenticated)', async () => {
      const socket = await connectSocket(sut.baseUrl, {
        headers: { origin: HOST_SITE },
        auth: { token: randomBytes(32).toString('base64url') },
      });

      const ack = await socket.emitWithAck('moderation:join', {});

      expect(ack).toMatchObject({ ok: false, error: { code: 'auth/unauthenticated' } });
    });

    it('refuses a handshake from an origin not listed, token or not', async () => {
      const signedIn = await signInWithSso(await ssoToken());
      const socket = openSocket(sut.baseUrl, {
        headers: { origin: 'https://evil.example' },
        auth: { token: signedIn.body.token },
      });

      await expect(waitForConnect(socket)).rejects.toThrow();
    });
  });
});
