import { randomBytes, randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CreateCommentResponse, Me, SessionUser, TokenSignInResponse } from '@parley/shared';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AuthController } from '../src/auth/auth.controller.js';
import { createStory, createUser, uniqueBody, uniqueName } from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';
import { connectSocket, nextEvent, openSocket, waitForConnect } from './support/sockets.js';
import { appSuite, type AppSuiteOptions } from './support/suite.js';

const HOST_SITE = 'https://news.example.org';
const NEW_SECRET = `new-${randomBytes(24).toString('hex')}`;
const OLD_SECRET = `old-${randomBytes(24).toString('hex')}`;

/** An SSO token as a host site makes one; `claims` replaces or (undefined) drops the defaults. */
async function ssoToken(
  claims: Record<string, unknown> = {},
  options: { secret?: string; alg?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    sub: `host-${randomUUID()}`,
    username: uniqueName('Sso'),
    iat: now,
    exp: now + 3600,
    ...claims,
  };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  return new SignJWT(payload)
    .setProtectedHeader({ alg: options.alg ?? 'HS256' })
    .sign(new TextEncoder().encode(options.secret ?? NEW_SECRET));
}

/** The fenced block that follows `<!-- sso-host-example -->` in the README, as written. */
function readmeSsoExample(): string {
  const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
  const match = /<!-- sso-host-example -->\s*```js\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error('README has no fenced js block after <!-- sso-host-example -->');
  return match[1]!;
}

const options: AppSuiteOptions = {
  env: { PARLEY_ORIGINS: HOST_SITE, PARLEY_SSO_SECRET: `${NEW_SECRET},${OLD_SECRET}` },
  closeSocketsAfterEach: true,
};

appSuite('cross-site sign-in', options, (sut) => {
  /** A client on a host site's page: bearer token, the host's Origin, no cookie. */
  function hostPage(token?: string, origin = HOST_SITE): ApiClient {
    const client = new ApiClient(sut.baseUrl);
    const request = client.request.bind(client);
    client.request = (method, path, options = {}) =>
      request(method, path, {
        origin,
        ...options,
        headers: { ...(token && { authorization: `Bearer ${token}` }), ...options.headers },
      });
    return client;
  }

  async function signInWithSso(token: string, client = hostPage()) {
    return client.post<TokenSignInResponse>('/api/auth/sso', { token });
  }

  describe('POST /api/auth/sso', () => {
    it('signs in a new reader with { me, token }, sets no cookie, and the token works as a bearer', async () => {
      const username = uniqueName('Reader');
      const response = await signInWithSso(
        await ssoToken({ username, displayName: 'Jürgen Müller', email: 'j@news.example.org' }),
      );

      expect(response.status).toBe(200);
      expect(response.headers.getSetCookie()).toEqual([]);
      // `signIn: 'sso'` tells the account panel there is no password to change.
      expect(response.body.me).toMatchObject({
        username,
        displayName: 'Jürgen Müller',
        role: 'reader',
        signIn: 'sso',
      });
      const me = await hostPage(response.body.token).get<SessionUser>('/api/auth/me');
      expect(me.status).toBe(200);
      expect(me.body.user?.id).toBe(response.body.me.id);
      const row = await sut.db
        .selectFrom('users')
        .select(['passwordHash', 'ssoSubject'])
        .where('id', '=', response.body.me.id)
        .executeTakeFirstOrThrow();
      expect(row.passwordHash).toBeNull();
      expect(row.ssoSubject).toMatch(/^host-/);
    });

    it('signs the same `sub` into the same account, updating the display name, keeping the username', async () => {
      const sub = `host-${randomUUID()}`;
      const first = await signInWithSso(await ssoToken({ sub, displayName: 'Before' }));
      const second = await signInWithSso(
        await ssoToken({ sub, username: uniqueName('Renamed'), displayName: 'After' }),
      );

      expect(second.status).toBe(200);
      expect(second.body.me).toMatchObject({
        id: first.body.me.id,
        username: first.body.me.username,
        displayName: 'After',
      });
    });

    it('makes a taken username unique with a suffix, in any letter case', async () => {
      const taken = await createUser(sut);
      const response = await signInWithSso(await ssoToken({ username: taken.username.toUpperCase() }));

      expect(response.status).toBe(200);
      expect(response.body.me.username).toBe(`${taken.username.toUpperCase()}_2`);
      expect(response.body.me.id).not.toBe(taken.me.id);
    });

    it('turns a host username that breaks the username rule or is a staff word into a valid one', async () => {
      const spaced = await signInWithSso(await ssoToken({ username: 'Zoë de la Cruz' }));
      const staff = await signInWithSso(await ssoToken({ username: 'Admin' }));

      expect(spaced.body.me.username).toMatch(/^Zoe_de_la_Cruz(_\w+)?$/);
      expect(staff.body.me.username).toMatch(/^reader(_\w+)?$/);
      expect(staff.body.me.displayName).toBe(staff.body.me.username);
    });

    it('takes no role from the token: a claimed admin is a reader', async () => {
      const response = await signInWithSso(
        await ssoToken({ role: 'admin', roles: ['admin'], isStaff: true }),
      );

      expect(response.status).toBe(200);
      expect(response.body.me.role).toBe('reader');
      const moderation = await hostPage(response.body.token).get('/api/moderation/counts');
      expect(moderation.status).toBe(403);
    });

    it('keeps the roles Parley gave: a moderator signing in again stays a moderator', async () => {
      const sub = `host-${randomUUID()}`;
      const first = await signInWithSso(await ssoToken({ sub }));
      await sut.db
        .updateTable('users')
        .set({ role: 'moderator' })
        .where('id', '=', first.body.me.id)
        .execute();

      const again = await signInWithSso(await ssoToken({ sub, role: 'reader' }));

      expect(again.body.me.role).toBe('moderator');
    });

    it('refuses a banned reader with 403 auth/banned and starts no session', async () => {
      const sub = `host-${randomUUID()}`;
      const first = await signInWithSso(await ssoToken({ sub }));
      await sut.db
        .updateTable('users')
        .set({ status: 'banned' })
        .where('id', '=', first.body.me.id)
        .execute();
      const sessionsBefore = await sut.db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('userId', '=', first.body.me.id)
        .executeTakeFirstOrThrow();

      const again = await signInWithSso(await ssoToken({ sub }));

      expect(again.status).toBe(403);
      expect(errorOf(again).code).toBe('auth/banned');
      const sessionsAfter = await sut.db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('userId', '=', first.body.me.id)
        .executeTakeFirstOrThrow();
      expect(Number(sessionsAfter.count)).toBe(Number(sessionsBefore.count));
    });

    it('gives an SSO reader no password: password sign-in answers auth/invalid_credentials', async () => {
      const first = await signInWithSso(await ssoToken());
      const response = await new ApiClient(sut.baseUrl).post('/api/auth/login', {
        username: first.body.me.username,
        password: 'any-password-1',
      });

      expect(response.status).toBe(401);
      expect(errorOf(response).code).toBe('auth/invalid_credentials');
    });

    it('refuses an expired token with 401 auth/sso_expired', async () => {
      const now = Math.floor(Date.now() / 1000);
      const response = await signInWithSso(await ssoToken({ iat: now - 7200, exp: now - 60 }));

      expect(response.status).toBe(401);
      expect(errorOf(response).code).toBe('auth/sso_expired');
    });

    it('refuses a token living past 24 hours with 401 auth/sso_lifetime_too_long', async () => {
      const now = Math.floor(Date.now() / 1000);
      const response = await signInWithSso(await ssoToken({ exp: now + 25 * 3600 }));

      expect(response.status).toBe(401);
      expect(errorOf(response).code).toBe('auth/sso_lifetime_too_long');
    });

    it.each([
      ['another secret', { secret: 'x'.repeat(40) }],
      ['another algorithm', { alg: 'HS512' }],
    ])('refuses a token signed with %s with 401 auth/sso_invalid', async (_what, options) => {
      const response = await signInWithSso(await ssoToken({}, options));

      expect(response.status).toBe(401);
      expect(errorOf(response).code).toBe('auth/sso_invalid');
    });

    it('refuses what is not a JWT with 401 auth/sso_invalid, and an empty token as request/invalid', async () => {
      const garbage = await signInWithSso('not.a.jwt');
      const empty = await signInWithSso('');

      expect(garbage.status).toBe(401);
      expect(errorOf(garbage).code).toBe('auth/sso_invalid');
      expect(empty.status).toBe(400);
      expect(errorOf(empty)).toMatchObject({ code: 'request/invalid', fields: { token: 'is required' } });
    });

    it.each(['sub', 'username', 'iat', 'exp'])(
      'refuses a token without %s with 401 auth/sso_claim_missing naming it',
      async (claim) => {
        const response = await signInWithSso(await ssoToken({ [claim]: undefined }));

        expect(response.status).toBe(401);
        expect(errorOf(response)).toMatchObject({ code: 'auth/sso_claim_missing', details: { claim } });
        expect(errorOf(response).message).toContain(`"${claim}"`);
      },
    );

    it('refuses a malformed claim with 401 auth/sso_claim_invalid naming it', async () => {
      const response = await signInWithSso(await ssoToken({ email: 'not an email' }));

      expect(response.status).toBe(401);
      expect(errorOf(response)).toMatchObject({
        code: 'auth/sso_claim_invalid',
        details: { claim: 'email' },
      });
    });

    it('accepts a token with a jti once, then refuses it with 401 auth/sso_replayed', async () => {
      const token = await ssoToken({ jti: randomUUID() });

      const first = await signInWithSso(token);
      const replay = await signInWithSso(token);

      expect(first.status).toBe(200);
      expect(replay.status).toBe(401);
      expect(errorOf(replay).code).toBe('auth/sso_replayed');
    });

    it('accepts, during a rotation, a token signed with the old secret as well as the new one', async () => {
      const old = await signInWithSso(await ssoToken({}, { secret: OLD_SECRET }));
      const current = await signInWithSso(await ssoToken({}, { secret: NEW_SECRET }));

      expect(old.status).toBe(200);
      expect(current.status).toBe(200);
    });

    it('signs in with a token made exactly as the README’s host example makes it', async () => {
      const file = fileURLToPath(new URL(`./.readme-sso-example-${randomUUID()}.mjs`, import.meta.url));
      await writeFile(file, readmeSsoExample());
      const previous = process.env.PARLEY_SSO_SECRET;
      process.env.PARLEY_SSO_SECRET = NEW_SECRET;
      try {
        const example = (await import(file)) as {
          parleyToken(user: { id: number; username: string; name: string; email: string }): Promise<string>;
        };
        const username = uniqueName('Readme');
        const token = await example.parleyToken({
          id: 4711,
          username,
          name: 'Ana Reader',
          email: 'ana@news.example.org',
        });

        const response = await signInWithSso(token);

        expect(response.status).toBe(200);
        expect(response.body.me).toMatchObject({ username, displayName: 'Ana Reader', role: 'reader' });
      } finally {
        process.env.PARLEY_SSO_SECRET = previous;
        await rm(file, { force: true });
      }
    });
  });

  describe('GET /api/auth/options', () => {
    it('says SSO is configured', async () => {
      const response = await hostPage().get('/api/auth/options');

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ sso: true });
    });
  });

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
