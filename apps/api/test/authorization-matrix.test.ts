import { randomBytes, randomUUID } from 'node:crypto';
import type { CommentStatus, DB, Kysely } from '@parley/db';
import type { Ack, ErrorCode } from '@parley/shared';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailSecretRepository } from '../src/mail/mail-secret.repository.js';
import { signUnsubscribeToken } from '../src/mail/unsubscribe-tokens.js';
import { BOOT_TIMEOUT_MS, setupTable, startApp, type TestApp } from './support/app.js';
import {
  createStory,
  createUser,
  loginAdmin,
  uniqueBody,
  uniqueName,
  type TestUser,
} from './support/factories.js';
import { ApiClient, type ApiResponse } from './support/http.js';
import { closeAllSockets, connectSocket } from './support/sockets.js';
import {
  registeredRoutes,
  subscribedSocketEvents,
  type RouteKey,
  type SocketEvent,
} from './support/surface.js';

/**
 * Issue 9's authorization matrix: every REST route and every socket event, as every kind of
 * person, each cell a valid request (so the answer is about who asks, not what they sent) made
 * against state created for that cell alone.
 */

const ROLES = [
  'anonymous',
  'reader',
  'suspendedReader',
  'bannedReader',
  'moderator',
  'suspendedModerator',
  'admin',
] as const;
type Role = (typeof ROLES)[number];

/**
 * Cells whose CORRECT expectation today's code does not meet (issue 9). Each runs as `it.fails`:
 * when a fix lands the cell passes, its `it.fails` turns red, and the entry must be removed here.
 * Keys are `<row> × <role>` as the test names print them.
 */
const KNOWN_GAPS: readonly string[] = [];

/** A cell's expected answer: a success status, or an error status with its catalogue code. */
type Outcome = number | readonly [number, ErrorCode];
type Cells = Record<Role, Outcome>;

const UNAUTHENTICATED = [401, 'auth/unauthenticated'] as const;
const FORBIDDEN = [403, 'auth/forbidden'] as const;
const NOT_AUTHOR = [403, 'comment/not_author'] as const;
const SUSPENDED = [403, 'comment/suspended'] as const;
const NOT_FOUND = [404, 'comment/not_found'] as const;
const NOT_A_PARTY = [403, 'dsa/not_a_party'] as const;

function everyone(outcome: Outcome): Cells {
  return Object.fromEntries(ROLES.map((role) => [role, outcome])) as Cells;
}
/** Signed-in people get `outcome`; anonymous and banned (whose session the ban ended) get 401. */
function signedIn(outcome: Outcome, overrides: Partial<Cells> = {}): Cells {
  return {
    ...everyone(outcome),
    anonymous: UNAUTHENTICATED,
    bannedReader: UNAUTHENTICATED,
    ...overrides,
  };
}
const STAFF_ONLY: Cells = signedIn(200, {
  reader: FORBIDDEN,
  suspendedReader: FORBIDDEN,
  suspendedModerator: FORBIDDEN,
});
const ADMIN_ONLY: Cells = { ...STAFF_ONLY, moderator: FORBIDDEN };

interface Actor {
  role: Role;
  client: ApiClient;
  /** The account behind the client; undefined for anonymous. */
  user?: TestUser;
}

interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** A file upload's bytes, sent instead of a JSON body. */
  file?: Buffer;
  /** Extra headers (forged X-Forwarded-Host and the like). */
  headers?: Record<string, string>;
}

/** What a row's request builder may use; everything it makes is for its one cell. */
interface Cell {
  actor: Actor;
  app: TestApp;
  /** A reader other than the actor: the author of "someone else's" comments. */
  other: TestUser;
  slug: string;
  storyId: string;
  /** A comment straight in the database (so suspended and banned actors can own one too). */
  comment(options?: { author?: 'actor' | 'other'; status?: CommentStatus }): Promise<string>;
}

interface HttpRow {
  route: RouteKey;
  /** When a route has several rows: what distinguishes this one. */
  scenario?: string;
  request(cell: Cell): Promise<HttpRequest> | HttpRequest;
  expect: Cells;
}

function rowName(row: HttpRow): string {
  return row.scenario ? `${row.route} (${row.scenario})` : row.route;
}

const since = () => new Date(Date.now() - 60_000).toISOString();

/** The matrix's app has single sign-on on, so its SSO route answers as it would on a site using it. */
const SSO_SECRET = `matrix-${randomBytes(24).toString('hex')}`;
/** The site that embeds the comments (PARLEY_ORIGINS): story URLs are on it. */
const HOST_SITE = 'https://news.example.org';

/** A host site's SSO token for a reader of its own (a fresh `sub`). */
function hostSsoToken(): Promise<string> {
  return new SignJWT({ username: uniqueName('Sso') })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(randomUUID())
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(SSO_SECRET));
}

const HTTP_ROWS: HttpRow[] = [
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

  // Reading
  {
    route: 'GET /api/stories/:slug',
    request: ({ slug }) => ({ method: 'GET', path: `/api/stories/${slug}` }),
    expect: everyone(200),
  },
  {
    route: 'GET /api/stories/:slug/comments',
    request: ({ slug }) => ({ method: 'GET', path: `/api/stories/${slug}/comments?sort=top&limit=5` }),
    expect: everyone(200),
  },
  {
    route: 'GET /api/stories/:slug/comments/changes',
    request: ({ slug }) => ({
      method: 'GET',
      path: `/api/stories/${slug}/comments/changes?since=${encodeURIComponent(since())}`,
    }),
    expect: everyone(200),
  },
  {
    route: 'GET /api/comments/:id',
    scenario: 'someone else’s published comment',
    request: async ({ comment }) => ({ method: 'GET', path: `/api/comments/${await comment()}` }),
    expect: everyone(200),
  },
  {
    route: 'GET /api/comments/:id',
    scenario: 'someone else’s held comment',
    request: async ({ comment }) => ({
      method: 'GET',
      path: `/api/comments/${await comment({ status: 'pending' })}`,
    }),
    expect: { ...everyone(NOT_FOUND), moderator: 200, admin: 200 },
  },
  {
    route: 'GET /api/comments/:id/replies',
    request: async ({ comment }) => ({ method: 'GET', path: `/api/comments/${await comment()}/replies` }),
    expect: everyone(200),
  },

  // Writing
  {
    route: 'POST /api/stories/:slug/comments',
    scenario: 'a new thread',
    request: ({ slug }) => ({
      method: 'POST',
      path: `/api/stories/${slug}/comments`,
      body: { body: uniqueBody(), clientId: randomUUID() },
    }),
    expect: signedIn(201, { suspendedReader: SUSPENDED, suspendedModerator: SUSPENDED }),
  },
  {
    route: 'POST /api/stories/:slug/comments',
    scenario: 'a reply to someone else’s comment',
    request: async ({ slug, comment }) => ({
      method: 'POST',
      path: `/api/stories/${slug}/comments`,
      body: { body: uniqueBody('A reply'), parentId: await comment() },
    }),
    expect: signedIn(201, { suspendedReader: SUSPENDED, suspendedModerator: SUSPENDED }),
  },
  {
    route: 'PATCH /api/comments/:id',
    scenario: 'their own comment; anonymous someone else’s',
    request: async ({ comment }) => ({
      method: 'PATCH',
      path: `/api/comments/${await comment({ author: 'actor' })}`,
      body: { body: uniqueBody('Edited') },
    }),
    expect: signedIn(200, { suspendedReader: SUSPENDED, suspendedModerator: SUSPENDED }),
  },
  {
    route: 'PATCH /api/comments/:id',
    scenario: 'someone else’s comment',
    request: async ({ comment }) => ({
      method: 'PATCH',
      path: `/api/comments/${await comment()}`,
      body: { body: uniqueBody('Edited') },
    }),
    expect: signedIn(NOT_AUTHOR),
  },
  {
    route: 'DELETE /api/comments/:id',
    scenario: 'their own comment; anonymous someone else’s',
    // Taking one's own words down stays open while suspended: it only ever removes.
    request: async ({ comment }) => ({
      method: 'DELETE',
      path: `/api/comments/${await comment({ author: 'actor' })}`,
    }),
    expect: signedIn(204),
  },
  {
    route: 'DELETE /api/comments/:id',
    scenario: 'someone else’s comment',
    request: async ({ comment }) => ({ method: 'DELETE', path: `/api/comments/${await comment()}` }),
    expect: signedIn(NOT_AUTHOR),
  },
  {
    route: 'PUT /api/comments/:id/reactions/:kind',
    // Issue 9 takes reporting from suspended users, not liking.
    request: async ({ comment }) => ({
      method: 'PUT',
      path: `/api/comments/${await comment()}/reactions/like`,
    }),
    expect: signedIn(200),
  },
  {
    route: 'DELETE /api/comments/:id/reactions/:kind',
    request: async ({ comment }) => ({
      method: 'DELETE',
      path: `/api/comments/${await comment()}/reactions/like`,
    }),
    expect: signedIn(200),
  },
  {
    route: 'POST /api/comments/:id/reports',
    request: async ({ comment }) => ({
      method: 'POST',
      path: `/api/comments/${await comment()}/reports`,
      body: { reason: 'spam', note: 'Matrix' },
    }),
    expect: signedIn(201, { suspendedReader: SUSPENDED, suspendedModerator: SUSPENDED }),
  },

  // Moderation: staff only (admin only for roles)
  {
    route: 'GET /api/moderation/queues/:queue',
    request: () => ({ method: 'GET', path: '/api/moderation/queues/pending' }),
    expect: STAFF_ONLY,
  },
  {
    route: 'GET /api/moderation/counts',
    request: ({ slug }) => ({ method: 'GET', path: `/api/moderation/counts?story=${slug}` }),
    expect: STAFF_ONLY,
  },
  {
    route: 'GET /api/moderation/comments/:id/revisions',
    request: async ({ comment }) => ({
      method: 'GET',
      path: `/api/moderation/comments/${await comment()}/revisions`,
    }),
    expect: STAFF_ONLY,
  },
  {
    route: 'POST /api/moderation/comments/bulk',
    request: async ({ comment }) => ({
      method: 'POST',
      path: '/api/moderation/comments/bulk',
      body: { action: 'approve', ids: [await comment({ status: 'pending' })] },
    }),
    expect: STAFF_ONLY,
  },
  {
    route: 'POST /api/moderation/comments/:id/approve',
    request: async ({ comment }) => ({
      method: 'POST',
      path: `/api/moderation/comments/${await comment({ status: 'pending' })}/approve`,
      body: {},
    }),
    expect: STAFF_ONLY,
  },
  {
    route: 'POST /api/moderation/comments/:id/reject',
    request: async ({ comment }) => ({
      method: 'POST',
      path: `/api/moderation/comments/${await comment()}/reject`,
      body: { reason: 'spam' },
    }),
    expect: STAFF_ONLY,
  },
  {
    route: 'POST /api/moderation/comments/:id/feature',
    request: async ({ comment }) => ({
      method: 'POST',
      path: `/api/moderation/comments/${await comment()}/feature`,
    }),
    expect: STAFF_ONLY,
  },
  {
    route: 'POST /api/moderation/comments/:id/unfeature',
    request: async ({ comment, app }) => {
      const id = await comment();
      await app.db.updateTable('comments').set({ featured: true }).where('id', '=', id).execute();
      return { method: 'POST', path: `/api/moderation/comments/${id}/unfeature` };
    },
    expect: STAFF_ONLY,
  },
  {
    route: 'POST /api/moderation/users/:id/suspend',
    request: async ({ app }) => ({
      method: 'POST',
      path: `/api/moderation/users/${(await createUser(app)).me.id}/suspend`,
      body: { hours: 24 },
    }),
    expect: STAFF_ONLY,
  },
  {
    route: 'POST /api/moderation/users/:id/ban',
    request: async ({ app }) => ({
      method: 'POST',
      path: `/api/moderation/users/${(await createUser(app)).me.id}/ban`,
      body: { reason: 'Matrix', rejectExisting: true },
    }),
    expect: STAFF_ONLY,
  },
  {
    route: 'POST /api/moderation/users/:id/unban',
    request: async ({ app }) => {
      const target = await createUser(app);
      await app.db.updateTable('users').set({ status: 'banned' }).where('id', '=', target.me.id).execute();
      return { method: 'POST', path: `/api/moderation/users/${target.me.id}/unban` };
    },
    expect: STAFF_ONLY,
  },
  {
    route: 'POST /api/moderation/users/:id/premod',
    request: async ({ app }) => ({
      method: 'POST',
      path: `/api/moderation/users/${(await createUser(app)).me.id}/premod`,
      body: { on: true },
    }),
    expect: STAFF_ONLY,
  },
  {
    route: 'POST /api/moderation/users/:id/role',
    request: async ({ app }) => ({
      method: 'POST',
      path: `/api/moderation/users/${(await createUser(app)).me.id}/role`,
      body: { role: 'moderator' },
    }),
    expect: ADMIN_ONLY,
  },

  // Stories: resolve, counts and the front story are public (the embed, the home page); staff list and open/close; admins the rest
  {
    route: 'POST /api/stories/resolve',
    scenario: 'a new page of the host site in PARLEY_ORIGINS',
    request: () => ({
      method: 'POST',
      path: '/api/stories/resolve',
      body: { url: `${HOST_SITE}/matrix/${randomUUID()}`, title: 'A matrix story' },
    }),
    expect: everyone(201),
  },
  {
    route: 'POST /api/stories/resolve',
    scenario: 'a page on the request’s own Host, not configured (forged Host, X-Forwarded-Host, Forwarded)',
    request: ({ app }) => ({
      method: 'POST',
      path: '/api/stories/resolve',
      body: { url: `${app.baseUrl}/matrix/${randomUUID()}`, title: 'A forged story' },
      headers: {
        'x-forwarded-host': new URL(app.baseUrl).host,
        forwarded: `host=${new URL(app.baseUrl).host};proto=http`,
      },
    }),
    expect: everyone([403, 'story/origin_not_allowed']),
  },
  {
    route: 'GET /api/stories/default',
    request: () => ({ method: 'GET', path: '/api/stories/default' }),
    expect: everyone(200),
  },
  {
    route: 'GET /api/stories/counts',
    request: ({ app }) => ({
      method: 'GET',
      path: `/api/stories/counts?url=${encodeURIComponent(`${app.baseUrl}/matrix`)}&id=cms-matrix`,
    }),
    expect: everyone(200),
  },
  {
    route: 'GET /api/moderation/stories',
    request: () => ({ method: 'GET', path: '/api/moderation/stories?search=test&limit=5' }),
    expect: STAFF_ONLY,
  },
  {
    route: 'POST /api/moderation/stories',
    request: () => ({
      method: 'POST',
      path: '/api/moderation/stories',
      body: { title: 'A matrix story', url: `https://news.example.org/${randomUUID()}` },
    }),
    expect: { ...ADMIN_ONLY, admin: 201 },
  },
  {
    route: 'PATCH /api/moderation/stories/:id',
    scenario: 'close comments and pre-moderate',
    request: async ({ app }) => ({
      method: 'PATCH',
      path: `/api/moderation/stories/${(await createStory(app.db)).id}`,
      body: { commentsOpen: false, premod: 'links' },
    }),
    expect: STAFF_ONLY,
  },
  {
    route: 'PATCH /api/moderation/stories/:id',
    scenario: 'title, URL and external id',
    request: async ({ app }) => ({
      method: 'PATCH',
      path: `/api/moderation/stories/${(await createStory(app.db)).id}`,
      body: { title: 'Renamed', url: `https://news.example.org/${randomUUID()}`, externalId: randomUUID() },
    }),
    expect: ADMIN_ONLY,
  },
  {
    route: 'POST /api/moderation/stories/:id/merge',
    request: async ({ app }) => ({
      method: 'POST',
      path: `/api/moderation/stories/${(await createStory(app.db)).id}/merge`,
      body: { into: (await createStory(app.db)).id },
    }),
    expect: ADMIN_ONLY,
  },
  {
    route: 'GET /api/moderation/word-lists',
    request: () => ({ method: 'GET', path: '/api/moderation/word-lists' }),
    expect: STAFF_ONLY,
  },
  {
    route: 'PUT /api/moderation/word-lists',
    // Empty lists: a cell that succeeds changes nothing any other cell depends on.
    request: () => ({ method: 'PUT', path: '/api/moderation/word-lists', body: { banned: [], suspect: [] } }),
    expect: STAFF_ONLY,
  },
  {
    route: 'GET /api/moderation/toxicity',
    request: () => ({ method: 'GET', path: '/api/moderation/toxicity' }),
    expect: STAFF_ONLY,
  },
  {
    route: 'PUT /api/moderation/toxicity',
    // The defaults: a cell that succeeds changes nothing (and no model is loaded here).
    request: () => ({
      method: 'PUT',
      path: '/api/moderation/toxicity',
      body: { warn: 0.8, hold: 0.9, reject: null },
    }),
    expect: STAFF_ONLY,
  },
  {
    route: 'GET /api/moderation/log',
    request: () => ({ method: 'GET', path: '/api/moderation/log?limit=5' }),
    expect: STAFF_ONLY,
  },
  {
    route: 'GET /api/moderation/search',
    request: () => ({ method: 'GET', path: '/api/moderation/search?q=matrix%20word*&limit=5' }),
    expect: STAFF_ONLY,
  },

  // The person behind a comment (the drawer): staff read and add notes; readers and visitors never
  {
    route: 'GET /api/moderation/users/:id',
    request: ({ other }) => ({ method: 'GET', path: `/api/moderation/users/${other.me.id}` }),
    expect: STAFF_ONLY,
  },
  {
    route: 'GET /api/moderation/users/:id/comments',
    request: ({ other }) => ({
      method: 'GET',
      path: `/api/moderation/users/${other.me.id}/comments?status=published`,
    }),
    expect: STAFF_ONLY,
  },
  {
    route: 'GET /api/moderation/users/:id/notes',
    request: ({ other }) => ({ method: 'GET', path: `/api/moderation/users/${other.me.id}/notes` }),
    expect: STAFF_ONLY,
  },
  {
    route: 'POST /api/moderation/users/:id/notes',
    request: ({ other }) => ({
      method: 'POST',
      path: `/api/moderation/users/${other.me.id}/notes`,
      body: { body: 'Matrix note' },
    }),
    expect: { ...STAFF_ONLY, moderator: 201, admin: 201 },
  },

  // Notice and action (DSA): anyone files a notice; the author or notifier appeals; staff decide and report
  {
    route: 'POST /api/dsa/notices',
    request: async ({ comment }) => ({
      method: 'POST',
      path: '/api/dsa/notices',
      body: {
        commentId: await comment(),
        category: 'defamation',
        explanation: 'Matrix notice',
        name: 'Matrix Notifier',
        email: 'matrix@example.org',
        goodFaith: true,
      },
    }),
    expect: everyone(201),
  },
  {
    route: 'POST /api/dsa/notices/:id/appeals',
    scenario: 'against a removal of the actor’s own comment',
    request: async ({ app, comment }) => ({
      method: 'POST',
      path: `/api/dsa/notices/${await insertNotice(app.db, await comment({ author: 'actor' }), { decided: true })}/appeals`,
      body: { reason: 'Matrix appeal' },
    }),
    // Redress stays open to suspended people; a visitor (or a banned reader, signed out) is nobody's party.
    expect: { ...everyone(201), anonymous: NOT_A_PARTY, bannedReader: NOT_A_PARTY },
  },
  {
    route: 'GET /api/me/dsa/statements',
    request: () => ({ method: 'GET', path: '/api/me/dsa/statements' }),
    expect: signedIn(200),
  },
  {
    route: 'GET /api/moderation/dsa/notices',
    request: () => ({ method: 'GET', path: '/api/moderation/dsa/notices?status=received&limit=5' }),
    expect: STAFF_ONLY,
  },
  {
    route: 'POST /api/moderation/dsa/notices/:id/review',
    request: async ({ app, comment }) => ({
      method: 'POST',
      path: `/api/moderation/dsa/notices/${await insertNotice(app.db, await comment())}/review`,
    }),
    expect: STAFF_ONLY,
  },
  {
    route: 'POST /api/moderation/dsa/notices/:id/decision',
    request: async ({ app, comment }) => ({
      method: 'POST',
      path: `/api/moderation/dsa/notices/${await insertNotice(app.db, await comment())}/decision`,
      body: {
        action: 'removed',
        facts: 'Matrix facts',
        ground: 'Matrix ground',
        automated: false,
        redress: 'Appeal',
      },
    }),
    expect: STAFF_ONLY,
  },
  {
    route: 'GET /api/moderation/dsa/appeals',
    request: () => ({ method: 'GET', path: '/api/moderation/dsa/appeals?status=received&limit=5' }),
    expect: STAFF_ONLY,
  },
  {
    route: 'POST /api/moderation/dsa/appeals/:id/decision',
    request: async ({ app, comment }) => {
      const noticeId = await insertNotice(app.db, await comment(), { decided: true });
      const appeal = await app.db
        .insertInto('dsaAppeals')
        .values({ noticeId, appellant: 'author', appellantUserId: null, reason: 'Matrix appeal' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return {
        method: 'POST',
        path: `/api/moderation/dsa/appeals/${appeal.id}/decision`,
        body: { outcome: 'upheld', explanation: 'Matrix outcome' },
      };
    },
    expect: STAFF_ONLY,
  },
  {
    route: 'GET /api/moderation/dsa/report',
    request: () => ({ method: 'GET', path: '/api/moderation/dsa/report?from=2026-01-01&to=2027-01-01' }),
    expect: STAFF_ONLY,
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

  // Imports (admins): a tiny export whose one post has no thread, so a job imports nothing.
  {
    route: 'POST /api/moderation/imports',
    request: () => ({
      method: 'POST',
      path: '/api/moderation/imports?format=disqus&fileName=matrix.xml',
      file: Buffer.from('<disqus xmlns:dsq="http://disqus.com/disqus-internals"></disqus>'),
    }),
    expect: { ...ADMIN_ONLY, admin: 201 },
  },
  {
    route: 'GET /api/moderation/imports',
    request: () => ({ method: 'GET', path: '/api/moderation/imports?limit=5' }),
    expect: ADMIN_ONLY,
  },
  {
    route: 'GET /api/moderation/imports/:id',
    request: async ({ app }) => {
      const { id } = await app.db
        .insertInto('importJobs')
        .values({ source: 'disqus', fileName: 'matrix.xml', status: 'failed', updatedAt: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { method: 'GET', path: `/api/moderation/imports/${id}` };
    },
    expect: ADMIN_ONLY,
  },

  // The outbox (admins)
  {
    route: 'GET /api/moderation/outbox',
    request: () => ({ method: 'GET', path: '/api/moderation/outbox?status=failed&limit=5' }),
    expect: ADMIN_ONLY,
  },
  {
    route: 'POST /api/moderation/outbox/:id/retry',
    request: async ({ app }) => {
      // A parked row of a kind no handler claims, so a successful retry changes nothing else.
      const { id } = await app.db
        .insertInto('outbox')
        .values({ kind: 'test.parked', payload: '{}', status: 'failed', attempts: 3, lastError: 'no' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { method: 'POST', path: `/api/moderation/outbox/${id}/retry`, body: {} };
    },
    expect: ADMIN_ONLY,
  },

  // Webhooks (admins); every one is inactive (a public address, as the address policy wants), so nothing is ever sent.
  {
    route: 'GET /api/moderation/webhooks',
    request: () => ({ method: 'GET', path: '/api/moderation/webhooks' }),
    expect: ADMIN_ONLY,
  },
  {
    route: 'POST /api/moderation/webhooks',
    request: () => ({
      method: 'POST',
      path: '/api/moderation/webhooks',
      body: { url: 'http://93.184.215.14:9/hook', events: ['story.created'], active: false },
    }),
    expect: { ...ADMIN_ONLY, admin: 201 },
  },
  {
    route: 'PATCH /api/moderation/webhooks/:id',
    request: async ({ app }) => ({
      method: 'PATCH',
      path: `/api/moderation/webhooks/${await inactiveWebhook(app)}`,
      body: { events: ['user.banned'] },
    }),
    expect: ADMIN_ONLY,
  },
  {
    route: 'DELETE /api/moderation/webhooks/:id',
    request: async ({ app }) => ({
      method: 'DELETE',
      path: `/api/moderation/webhooks/${await inactiveWebhook(app)}`,
    }),
    expect: { ...ADMIN_ONLY, admin: 204 },
  },
  {
    route: 'GET /api/moderation/webhooks/:id/deliveries',
    request: async ({ app }) => ({
      method: 'GET',
      path: `/api/moderation/webhooks/${await inactiveWebhook(app)}/deliveries`,
    }),
    expect: ADMIN_ONLY,
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

/**
 * An imported account (nobody can sign in to it) whose source address the actor has confirmed, for
 * one cell: the actor gets a fresh confirmed address of its own.
 */
async function importedUnder(app: TestApp, actorId: string | undefined): Promise<string> {
  const email = `${uniqueName('claim')}@matrix.test`;
  if (actorId) {
    await app.db
      .updateTable('users')
      .set({ email, emailVerifiedAt: new Date() })
      .where('id', '=', actorId)
      .execute();
  }
  const { id } = await app.db
    .insertInto('users')
    .values({
      username: uniqueName('imported'),
      displayName: 'Imported Author',
      importSource: 'disqus',
      importKey: randomUUID(),
      importEmail: email,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A paused webhook straight in the database, for one cell. */
async function inactiveWebhook(app: TestApp): Promise<string> {
  const { id } = await app.db
    .insertInto('webhooks')
    .values({
      url: 'http://93.184.215.14:9/hook',
      events: ['story.created'],
      secret: 'a-secret-for-one-cell',
      active: false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

async function unsubscribeToken(app: TestApp, userId: string): Promise<string> {
  const secret = await app.app.get(MailSecretRepository, { strict: false }).getOrCreate();
  return signUnsubscribeToken(secret, userId);
}

/** A socket cell's expected acknowledgement: ok, or the error code. */
type AckOutcome = 'ok' | ErrorCode;
interface SocketRow {
  payload(cell: Cell): unknown;
  expect: Record<Role, AckOutcome>;
}

/**
 * One row per client event. `satisfies Record<SocketEvent, …>` makes a new event in
 * `ClientToServerEvents` a type error until it has a row; the test below checks the gateway too.
 */
const SOCKET_ROWS = {
  // Reading is public: a banned reader's cookie is dead, so its socket listens as anonymous.
  'story:join': { payload: ({ slug }) => ({ slug }), expect: everyoneAck('ok') },
  'story:leave': { payload: ({ slug }) => ({ slug }), expect: everyoneAck('ok') },
  'article:join': { payload: ({ slug }) => ({ slug }), expect: everyoneAck('ok') },
  'article:leave': { payload: ({ slug }) => ({ slug }), expect: everyoneAck('ok') },
  'moderation:join': {
    payload: () => ({}),
    expect: {
      anonymous: 'auth/unauthenticated',
      reader: 'auth/forbidden',
      suspendedReader: 'auth/forbidden',
      bannedReader: 'auth/unauthenticated',
      moderator: 'ok',
      suspendedModerator: 'auth/forbidden',
      admin: 'ok',
    },
  },
} satisfies Record<SocketEvent, SocketRow>;

function everyoneAck(outcome: AckOutcome): Record<Role, AckOutcome> {
  return Object.fromEntries(ROLES.map((role) => [role, outcome])) as Record<Role, AckOutcome>;
}

const CELL_NAMES = new Set([
  ...HTTP_ROWS.flatMap((row) => ROLES.map((role) => `${rowName(row)} × ${role}`)),
  ...Object.keys(SOCKET_ROWS).flatMap((event) => ROLES.map((role) => `socket ${event} × ${role}`)),
]);

function describeOutcome(outcome: Outcome): string {
  return typeof outcome === 'number' ? String(outcome) : `${outcome[0]} ${outcome[1]}`;
}

/** The answer as the matrix states it: the status, with the error code for 4xx/5xx. */
function outcomeOf(response: ApiResponse): Outcome {
  if (response.status < 400) return response.status;
  const code = (response.body as { code?: ErrorCode } | undefined)?.code;
  return [response.status, code ?? ('(no code)' as ErrorCode)];
}

/** A DSA notice on a comment, straight in the database: received, or decided (a removal, by nobody now on staff). */
async function insertNotice(db: Kysely<DB>, commentId: string, { decided = false } = {}): Promise<string> {
  const comment = await db
    .selectFrom('comments')
    .select('authorId')
    .where('id', '=', commentId)
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto('dsaNotices')
    .values({
      commentId,
      authorId: comment.authorId,
      category: 'defamation',
      explanation: 'Matrix notice',
      notifierTokenHash: 'matrix',
      goodFaith: true,
      ...(decided && {
        status: 'decided' as const,
        decidedAt: new Date(),
        action: 'removed' as const,
        facts: 'Matrix facts',
        ground: 'Matrix ground',
        automated: false,
        redress: 'Appeal',
      }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function insertComment(
  db: Kysely<DB>,
  values: { storyId: string; authorId: string; status: CommentStatus },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('comments')
    .values({ id, rootId: id, parentId: null, depth: 0, body: uniqueBody(), ...values })
    .execute();
  return id;
}

describe.each(setupTable())('authorization matrix over %s', (_label, { engine, redis }) => {
  let app: TestApp;
  let admin: ApiClient;
  let other: TestUser;
  let slug: string;
  let storyId: string;

  beforeAll(async () => {
    app = await startApp({
      engine,
      redis,
      env: { PARLEY_SSO_SECRET: SSO_SECRET, PARLEY_ORIGINS: HOST_SITE },
    });
    admin = await loginAdmin(app);
    other = await createUser(app);
    const story = await createStory(app.db);
    slug = story.slug;
    storyId = story.id;
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    closeAllSockets();
    await app?.close();
  });

  /** A fresh person in the given role; suspensions and bans come after `prepare`, as moderators make them. */
  async function makeActor(role: Role): Promise<{ actor: Actor; restrict(): Promise<void> }> {
    if (role === 'anonymous')
      return { actor: { role, client: new ApiClient(app.baseUrl) }, restrict: async () => {} };
    const accountRole = role === 'admin' ? 'admin' : role.endsWith('oderator') ? 'moderator' : 'reader';
    const user = await createUser(app, { role: accountRole });
    const action =
      role === 'suspendedReader' || role === 'suspendedModerator'
        ? { path: 'suspend', body: { hours: 24 } }
        : role === 'bannedReader'
          ? { path: 'ban', body: { reason: 'Matrix' } }
          : undefined;
    return {
      actor: { role, client: user.client, user },
      restrict: async () => {
        if (!action) return;
        const response = await admin.post(`/api/moderation/users/${user.me.id}/${action.path}`, action.body);
        if (response.status !== 200) throw new Error(`${action.path}: ${response.status}`);
      },
    };
  }

  function cellFor(actor: Actor): Cell {
    return {
      actor,
      app,
      other,
      slug,
      storyId,
      comment: ({ author = 'other', status = 'published' } = {}) =>
        insertComment(app.db, {
          storyId,
          authorId: author === 'actor' && actor.user ? actor.user.me.id : other.me.id,
          status,
        }),
    };
  }

  it('has a row for exactly the routes the running app registered', () => {
    const rows = [...new Set(HTTP_ROWS.map((row) => row.route))].sort();
    expect(rows).toEqual(registeredRoutes(app));
  });

  it('has a row for exactly the socket events the gateway subscribes to', () => {
    expect(Object.keys(SOCKET_ROWS).sort()).toEqual(subscribedSocketEvents(app));
  });

  it('lists only real cells as known gaps', () => {
    expect(KNOWN_GAPS.filter((gap) => !CELL_NAMES.has(gap))).toEqual([]);
  });

  // Cells make their own state, so they run a few at a time.
  for (const row of HTTP_ROWS) {
    describe.concurrent(rowName(row), () => {
      for (const role of ROLES) {
        const name = `${rowName(row)} × ${role}`;
        const test = KNOWN_GAPS.includes(name) ? it.fails : it;
        test(`${role} → ${describeOutcome(row.expect[role])}`, async () => {
          const { actor, restrict } = await makeActor(role);
          const request = await row.request(cellFor(actor));
          await restrict();

          const response = await actor.client.request(request.method, request.path, {
            ...(request.body !== undefined && { json: request.body }),
            ...(request.file !== undefined && { file: request.file }),
            headers: request.headers,
          });

          expect(outcomeOf(response), `${request.method} ${request.path}`).toEqual(row.expect[role]);
        });
      }
    });
  }

  for (const [event, row] of Object.entries(SOCKET_ROWS) as [SocketEvent, SocketRow][]) {
    describe.concurrent(`socket ${event}`, () => {
      for (const role of ROLES) {
        const name = `socket ${event} × ${role}`;
        const test = KNOWN_GAPS.includes(name) ? it.fails : it;
        test(`${role} → ${row.expect[role]}`, async () => {
          const { actor, restrict } = await makeActor(role);
          const payload = row.payload(cellFor(actor));
          await restrict();
          const socket = await connectSocket(app.baseUrl, { cookie: actor.client.cookie });

          try {
            const ack = (await socket
              .timeout(10_000)
              .emitWithAck(event as 'moderation:join', payload as never)) as Ack<unknown>;

            expect(ack.ok ? 'ok' : ack.error.code).toBe(row.expect[role]);
          } finally {
            socket.disconnect();
          }
        });
      }
    });
  }
});
