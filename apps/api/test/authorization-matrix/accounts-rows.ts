import { randomBytes } from 'node:crypto';
import { createUser, uniqueName } from '../support/factories.js';
import { ADMIN_ONLY, everyone, signedIn, type HttpRow } from './cells.js';
import { hostSsoToken, importedUnder, unsubscribeToken } from './state.js';

/** The matrix rows for the platform, signing in, my data and account settings. */
export const ACCOUNT_ROWS: HttpRow[] = [
  {
    route: 'GET /api/health',
    request: () => ({ method: 'GET', path: '/api/health' }),
    expect: everyone(200),
  },
  {
    route: 'GET /api/version',
    request: () => ({ method: 'GET', path: '/api/version' }),
    expect: everyone(200),
  },
  {
    route: 'GET /api/openapi.json',
    request: () => ({ method: 'GET', path: '/api/openapi.json' }),
    expect: everyone(200),
  },
  {
    route: 'GET /api/docs',
    request: () => ({ method: 'GET', path: '/api/docs' }),
    expect: everyone(200),
  },

  // Accounts
  {
    route: 'POST /api/auth/register',
    request: () => ({
      method: 'POST',
      path: '/api/auth/register',
      body: { username: uniqueName(), password: `pw-${randomBytes(6).toString('hex')}` },
    }),
    expect: everyone(201),
  },
  {
    route: 'POST /api/auth/login',
    scenario: 'as themselves; anonymous as a fresh reader',
    request: async ({ actor, app }) => {
      const account = actor.user ?? (await createUser(app));
      return {
        method: 'POST',
        path: '/api/auth/login',
        body: { username: account.username, password: account.password },
      };
    },
    expect: { ...everyone(200), bannedReader: [403, 'auth/banned'] },
  },
  {
    route: 'POST /api/auth/logout',
    request: () => ({ method: 'POST', path: '/api/auth/logout' }),
    expect: everyone(204),
  },
  {
    route: 'GET /api/auth/me',
    request: () => ({ method: 'GET', path: '/api/auth/me' }),
    // Public: anonymous and banned readers (whose sessions the ban ended) get `{ user: null }`
    // (asserted in auth-sign-in.test.ts), never someone's account.
    expect: everyone(200),
  },
  {
    route: 'GET /api/auth/options',
    request: () => ({ method: 'GET', path: '/api/auth/options' }),
    expect: everyone(200),
  },
  {
    route: 'POST /api/auth/sso',
    scenario: 'a host site’s token for a reader of its own',
    request: async () => ({ method: 'POST', path: '/api/auth/sso', body: { token: await hostSsoToken() } }),
    expect: everyone(200),
  },

  // My data: anyone signed in, suspended included, may take their data out or leave.
  {
    route: 'GET /api/me/export',
    request: () => ({ method: 'GET', path: '/api/me/export' }),
    expect: signedIn(200),
  },
  {
    route: 'DELETE /api/me',
    request: ({ actor }) => ({
      method: 'DELETE',
      path: '/api/me',
      body: { password: actor.user?.password ?? 'no-account-password' },
    }),
    expect: signedIn(204),
  },
  {
    route: 'GET /api/me/claims',
    request: () => ({ method: 'GET', path: '/api/me/claims' }),
    expect: signedIn(200),
  },
  {
    route: 'POST /api/me/claims/:id',
    scenario: 'comments imported under the address the actor has confirmed',
    request: async ({ app, actor }) => ({
      method: 'POST',
      path: `/api/me/claims/${await importedUnder(app, actor.user?.me.id)}`,
      body: {},
    }),
    expect: signedIn(200),
  },
  {
    route: 'DELETE /api/moderation/users/:id',
    request: async ({ app }) => ({
      method: 'DELETE',
      path: `/api/moderation/users/${(await createUser(app)).me.id}`,
    }),
    expect: { ...ADMIN_ONLY, admin: 204 },
  },

  // Account settings and notifications (issue 13)
  {
    route: 'PATCH /api/auth/me',
    request: () => ({ method: 'PATCH', path: '/api/auth/me', body: { displayName: 'Matrix Name' } }),
    expect: signedIn(200),
  },
  {
    route: 'POST /api/auth/password',
    request: ({ actor }) => ({
      method: 'POST',
      path: '/api/auth/password',
      body: {
        currentPassword: actor.user?.password ?? 'no-account-password',
        newPassword: 'matrix-new-pw-1',
      },
    }),
    expect: signedIn(200),
  },
  {
    route: 'GET /api/auth/sessions',
    request: () => ({ method: 'GET', path: '/api/auth/sessions?limit=5' }),
    expect: signedIn(200),
  },
  {
    route: 'DELETE /api/auth/sessions/:id',
    scenario: 'another person’s session: never theirs to end',
    request: async ({ app, other }) => {
      const session = await app.db
        .selectFrom('sessions')
        .select('id')
        .where('userId', '=', other.me.id)
        .executeTakeFirstOrThrow();
      return { method: 'DELETE', path: `/api/auth/sessions/${session.id}` };
    },
    expect: signedIn([404, 'auth/session_not_found']),
  },
  {
    route: 'DELETE /api/auth/sessions',
    request: () => ({ method: 'DELETE', path: '/api/auth/sessions' }),
    expect: signedIn(200),
  },
  {
    route: 'GET /api/me/comments',
    request: () => ({ method: 'GET', path: '/api/me/comments?status=pending' }),
    expect: signedIn(200),
  },
  {
    route: 'GET /api/auth/verify-email',
    scenario: 'an unknown token',
    request: () => ({ method: 'GET', path: `/api/auth/verify-email?token=${'x'.repeat(43)}` }),
    expect: everyone([410, 'auth/verification_failed']),
  },
  {
    route: 'POST /api/auth/verify-email',
    scenario: 'an unknown token: no sign-in needed, nothing confirmed',
    request: () => ({ method: 'POST', path: `/api/auth/verify-email?token=${'x'.repeat(43)}`, body: {} }),
    expect: everyone([410, 'auth/verification_failed']),
  },
  {
    route: 'GET /api/me/notifications',
    request: () => ({ method: 'GET', path: '/api/me/notifications?limit=5' }),
    expect: signedIn(200),
  },
  {
    route: 'POST /api/me/notifications/read',
    request: () => ({ method: 'POST', path: '/api/me/notifications/read', body: { all: true } }),
    expect: signedIn(200),
  },
  {
    route: 'GET /api/me/notifications/settings',
    request: () => ({ method: 'GET', path: '/api/me/notifications/settings' }),
    expect: signedIn(200),
  },
  {
    route: 'PUT /api/me/notifications/settings',
    request: () => ({ method: 'PUT', path: '/api/me/notifications/settings', body: { delivery: 'daily' } }),
    expect: signedIn(200),
  },
  {
    route: 'GET /api/unsubscribe',
    scenario: "another reader's signed link: a confirmation page, no change",
    request: async ({ app, other }) => ({
      method: 'GET',
      path: `/api/unsubscribe?token=${await unsubscribeToken(app, other.me.id)}`,
    }),
    expect: everyone(200),
  },
  {
    route: 'POST /api/unsubscribe',
    scenario: "another reader's signed link: no sign-in needed (RFC 8058)",
    request: async ({ app, other }) => ({
      method: 'POST',
      path: `/api/unsubscribe?token=${await unsubscribeToken(app, other.me.id)}`,
      body: {},
    }),
    expect: everyone(200),
  },
];
