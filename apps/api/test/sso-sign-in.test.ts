import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { FIELD_MESSAGES, type SessionUser } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { createUser, uniqueName } from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';
import { hostSiteClients, hostSiteSuite, NEW_SECRET, OLD_SECRET, ssoToken } from './support/host-site.js';
import { appSuite } from './support/suite.js';

/** The fenced block that follows `<!-- sso-host-example -->` in the README, as written. */
function readmeSsoExample(): string {
  const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
  const match = /<!-- sso-host-example -->\s*```js\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error('README has no fenced js block after <!-- sso-host-example -->');
  return match[1]!;
}

appSuite('cross-site sign-in', hostSiteSuite, (sut) => {
  const { hostPage, signInWithSso } = hostSiteClients(sut);

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
      expect(errorOf(empty)).toMatchObject({
        code: 'request/invalid',
        fields: { token: FIELD_MESSAGES.ssoTokenRequired },
      });
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
        details: { claim: 'email', problem: FIELD_MESSAGES.email },
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
});
