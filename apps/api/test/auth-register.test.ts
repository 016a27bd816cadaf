import { sql } from '@parley/db';
import type { Me, SessionUser } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { AuthController } from '../src/auth/auth.controller.js';
import { ADMIN } from './support/app.js';
import { registerUser, uniqueName } from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';
import { appSuite } from './support/suite.js';

appSuite('auth', (sut) => {
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
});
