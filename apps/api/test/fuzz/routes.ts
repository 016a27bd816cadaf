import { randomUUID } from 'node:crypto';
import { QUEUES } from '@parley/shared';
import type { RouteKey } from '../support/surface.js';

/** What the fuzzed routes need and are fed: the suite's rows, and a valid request per route to start from. */

/** What the app answered, kept raw: a non-JSON error page must fail the contract, not the test client. */
export interface Answer {
  status: number;
  text: string;
}

export type ActorKind = 'anonymous' | 'reader' | 'moderator' | 'admin' | 'fresh reader';

export interface Fixtures {
  slug: string;
  /** Published comments by someone other than the reader. */
  commentIds: string[];
  /** The reader's own comments. */
  ownCommentIds: string[];
  /** Readers for the user actions (never one of the actors). */
  userIds: string[];
  /** A real cursor of the story's thread. */
  cursor: string;
  /** A valid SSO token (no jti, so it may be used again). */
  ssoToken: string;
  /** Stories for the admin story routes (merges delete some). */
  storyIds: string[];
  /** The host site in PARLEY_ORIGINS: resolve may create stories there (never on the request's Host). */
  origin: string;
  /** Inactive webhooks (their receiver is a closed port) for the admin webhook routes. */
  webhookIds: string[];
  /** Readers an admin may delete (never one of the actors, nor the user actions' targets). */
  deletableUserIds: string[];
  /** DSA notices on the fixtures' comments, filed by a visitor. */
  noticeIds: string[];
}

export type Json = unknown;
export interface FuzzRoute {
  as: ActorKind;
  /** Valid values of each path parameter. */
  params?: Record<string, (f: Fixtures) => string[]>;
  /** A valid query, whose values the fuzzer keeps, drops, replaces, and adds to. */
  query?: (f: Fixtures) => Record<string, string>;
  /** A valid body, likewise. */
  body?: (f: Fixtures) => Json;
}

export const storySlug = { slug: (f: Fixtures) => [f.slug] };
export const comment = { id: (f: Fixtures) => f.commentIds };
const ownComment = { id: (f: Fixtures) => f.ownCommentIds };
export const user = { id: (f: Fixtures) => f.userIds };
const like = { ...comment, kind: () => ['like'] };
const webhook = { id: (f: Fixtures) => f.webhookIds };
export const story = { id: (f: Fixtures) => f.storyIds };
const notice = { id: (f: Fixtures) => f.noticeIds };

export const FUZZ_ROUTES: Record<RouteKey, FuzzRoute> = {
  'GET /api/health': { as: 'anonymous' },
  'GET /api/version': { as: 'anonymous' },
  'POST /api/auth/register': {
    as: 'anonymous',
    body: () => ({ username: 'fuzz_user', password: 'a-password-1', displayName: 'Fuzz' }),
  },
  'POST /api/auth/login': {
    as: 'anonymous',
    body: () => ({ username: 'fuzz_user', password: 'a-password-1' }),
  },
  'POST /api/auth/logout': { as: 'fresh reader' },
  'GET /api/auth/me': { as: 'reader' },
  'GET /api/auth/options': { as: 'anonymous' },
  'POST /api/auth/sso': { as: 'anonymous', body: (f) => ({ token: f.ssoToken }) },
  'GET /api/stories/:slug': { as: 'reader', params: storySlug },
  'GET /api/stories/:slug/comments': {
    as: 'reader',
    params: storySlug,
    query: (f) => ({ sort: 'top', limit: '5', cursor: f.cursor }),
  },
  'GET /api/stories/:slug/comments/changes': {
    as: 'reader',
    params: storySlug,
    query: () => ({ since: new Date(Date.now() - 60_000).toISOString() }),
  },
  'POST /api/stories/:slug/comments': {
    as: 'reader',
    params: storySlug,
    body: (f) => ({ body: 'A fuzzed comment', parentId: f.commentIds[0], clientId: randomUUID() }),
  },
  'GET /api/comments/:id': { as: 'reader', params: comment },
  'GET /api/comments/:id/replies': { as: 'reader', params: comment, query: () => ({ limit: '5' }) },
  'PATCH /api/comments/:id': { as: 'reader', params: ownComment, body: () => ({ body: 'An edit' }) },
  'DELETE /api/comments/:id': { as: 'reader', params: ownComment },
  'PUT /api/comments/:id/reactions/:kind': { as: 'reader', params: like },
  'DELETE /api/comments/:id/reactions/:kind': { as: 'reader', params: like },
  'POST /api/comments/:id/reports': {
    as: 'reader',
    params: comment,
    body: () => ({ reason: 'spam', note: 'A note' }),
  },
  'GET /api/moderation/queues/:queue': {
    as: 'moderator',
    params: { queue: () => [...QUEUES] },
    query: (f) => ({ story: f.slug, limit: '5' }),
  },
  'GET /api/moderation/counts': { as: 'moderator', query: (f) => ({ story: f.slug }) },
  'GET /api/moderation/comments/:id/revisions': { as: 'moderator', params: comment },
  'POST /api/moderation/comments/bulk': {
    as: 'moderator',
    body: (f) => ({ action: 'reject', reason: 'spam', ids: f.commentIds.slice(0, 2) }),
  },
  'POST /api/moderation/comments/:id/approve': {
    as: 'moderator',
    params: comment,
    body: () => ({ override: true }),
  },
  'POST /api/moderation/comments/:id/reject': {
    as: 'moderator',
    params: comment,
    body: () => ({ reason: 'spam', override: true }),
  },
  'POST /api/moderation/comments/:id/feature': { as: 'moderator', params: comment },
  'POST /api/moderation/comments/:id/unfeature': { as: 'moderator', params: comment },
  'POST /api/moderation/users/:id/suspend': { as: 'moderator', params: user, body: () => ({ hours: 1 }) },
  'POST /api/moderation/users/:id/ban': {
    as: 'moderator',
    params: user,
    body: () => ({ reason: 'Fuzz', rejectExisting: true }),
  },
  'POST /api/moderation/users/:id/unban': { as: 'moderator', params: user },
  'POST /api/moderation/users/:id/premod': { as: 'moderator', params: user, body: () => ({ on: true }) },
  'POST /api/moderation/users/:id/role': { as: 'admin', params: user, body: () => ({ role: 'reader' }) },
  'GET /api/moderation/word-lists': { as: 'moderator' },
  'PUT /api/moderation/word-lists': {
    as: 'moderator',
    body: () => ({ banned: ['fuzzword'], suspect: ['maybe so'] }),
  },
  'GET /api/moderation/toxicity': { as: 'moderator' },
  'PUT /api/moderation/toxicity': {
    as: 'moderator',
    body: () => ({ warn: 0.8, hold: 0.9, reject: null }),
  },
  'GET /api/moderation/log': { as: 'moderator', query: () => ({ limit: '5', action: 'approve' }) },
  // Two keys: with more, hostile values repeated past 16 KB of URL get Node's bare 431 (not the app's).
  'GET /api/moderation/search': {
    as: 'moderator',
    query: () => ({ q: '"fuzzed phrase" word* -not', sort: 'rank' }),
  },
  'GET /api/moderation/users/:id': { as: 'moderator', params: user },
  'GET /api/moderation/users/:id/comments': {
    as: 'moderator',
    params: user,
    query: () => ({ status: 'published', limit: '5' }),
  },
  'GET /api/moderation/users/:id/notes': { as: 'moderator', params: user, query: () => ({ limit: '5' }) },
  'POST /api/moderation/users/:id/notes': {
    as: 'admin',
    params: user,
    body: () => ({ body: 'A fuzzed note' }),
  },
  'POST /api/dsa/notices': {
    as: 'reader',
    body: (f) => ({
      commentId: f.commentIds[0],
      category: 'defamation',
      explanation: 'A fuzzed notice',
      name: 'Fuzz Notifier',
      email: 'fuzz@example.org',
      goodFaith: true,
    }),
  },
  'POST /api/dsa/notices/:id/appeals': {
    as: 'reader',
    params: notice,
    body: () => ({ reason: 'A fuzzed appeal', appealToken: 'x'.repeat(32) }),
  },
  'GET /api/me/dsa/statements': { as: 'reader', query: () => ({ limit: '5' }) },
  'GET /api/moderation/dsa/notices': { as: 'moderator', query: () => ({ status: 'received', limit: '5' }) },
  'POST /api/moderation/dsa/notices/:id/review': { as: 'moderator', params: notice },
  'POST /api/moderation/dsa/notices/:id/decision': {
    as: 'moderator',
    params: notice,
    body: () => ({
      action: 'no_action',
      facts: 'Fuzzed facts',
      ground: 'Fuzzed ground',
      automated: false,
      redress: 'Appeal',
    }),
  },
  'GET /api/moderation/dsa/appeals': { as: 'moderator', query: () => ({ status: 'received', limit: '5' }) },
  'POST /api/moderation/dsa/appeals/:id/decision': {
    as: 'admin',
    params: { id: () => [randomUUID()] },
    body: () => ({ outcome: 'upheld', explanation: 'Fuzzed outcome' }),
  },
  'GET /api/moderation/dsa/report': {
    as: 'moderator',
    query: () => ({ from: '2026-01-01', to: '2027-01-01' }),
  },
  'POST /api/stories/resolve': {
    as: 'anonymous',
    body: (f) => ({ id: 'cms-fuzz', url: `${f.origin}/fuzz/story`, title: '  A fuzzed  story ' }),
  },
  'GET /api/stories/default': { as: 'anonymous' },
  'GET /api/stories/counts': {
    as: 'anonymous',
    query: (f) => ({ url: `${f.origin}/fuzz/story`, id: 'cms-fuzz' }),
  },
  'GET /api/moderation/stories': { as: 'moderator', query: () => ({ search: 'fuzz', limit: '5' }) },
  'POST /api/moderation/stories': {
    as: 'admin',
    body: () => ({ title: 'An admin story', externalId: 'cms-admin-fuzz', premod: 'links' }),
  },
  'PATCH /api/moderation/stories/:id': {
    as: 'admin',
    params: story,
    body: () => ({ title: 'Renamed', commentsOpen: true, premod: 'off', externalId: null }),
  },
  'POST /api/moderation/stories/:id/merge': {
    as: 'admin',
    params: story,
    body: (f) => ({ into: f.storyIds[0] }),
  },
  'GET /api/openapi.json': { as: 'anonymous' },
  'GET /api/docs': { as: 'anonymous' },
  'PATCH /api/auth/me': { as: 'reader', body: () => ({ displayName: 'Fuzz Name' }) },
  // Never the right current password: refused, nothing changed, never a 500.
  'POST /api/auth/password': {
    as: 'reader',
    body: () => ({ currentPassword: 'not-the-password', newPassword: 'a-new-password-1' }),
  },
  'GET /api/auth/sessions': { as: 'reader', query: () => ({ limit: '5' }) },
  'DELETE /api/auth/sessions/:id': { as: 'reader', params: { id: () => [randomUUID()] } },
  // A fresh reader: ending the shared reader's other sessions would sign out the fuzzer's own clients.
  'DELETE /api/auth/sessions': { as: 'fresh reader' },
  'GET /api/me/comments': { as: 'reader', query: () => ({ status: 'rejected', limit: '5' }) },
  'GET /api/me/claims': { as: 'reader' },
  // Ids nobody imported under the reader's address: refused (404), never a 500.
  'POST /api/me/claims/:id': { as: 'reader', params: { id: () => [randomUUID()] } },
  'GET /api/auth/verify-email': { as: 'anonymous', query: () => ({ token: 'x'.repeat(43) }) },
  'POST /api/auth/verify-email': { as: 'anonymous', query: () => ({ token: 'x'.repeat(43) }) },
  'GET /api/me/notifications': { as: 'reader', query: () => ({ limit: '5' }) },
  'POST /api/me/notifications/read': { as: 'reader', body: () => ({ all: true }) },
  'GET /api/me/notifications/settings': { as: 'reader' },
  'PUT /api/me/notifications/settings': {
    as: 'reader',
    body: () => ({
      reply: 'in_app',
      staffReply: 'in_app',
      decision: 'off',
      delivery: 'daily',
      digestHour: 7,
    }),
  },
  'GET /api/unsubscribe': { as: 'anonymous', query: () => ({ token: 'x'.repeat(43) }) },
  'POST /api/unsubscribe': { as: 'anonymous', query: () => ({ token: 'x'.repeat(43) }) },
  'GET /api/me/export': { as: 'reader' },
  // A fresh reader each time, confirming with a password that is not theirs: refused, never a 500.
  'DELETE /api/me': { as: 'fresh reader', body: () => ({ password: 'not-the-password' }) },
  'DELETE /api/moderation/users/:id': { as: 'admin', params: { id: (f) => f.deletableUserIds } },
  'POST /api/moderation/imports': { as: 'admin', query: () => ({ format: 'disqus', fileName: 'fuzz.xml' }) },
  'GET /api/moderation/imports': { as: 'admin', query: () => ({ limit: '5' }) },
  'GET /api/moderation/imports/:id': { as: 'admin', params: { id: () => [randomUUID()] } },
  'GET /api/moderation/outbox': { as: 'admin', query: () => ({ status: 'failed', limit: '5' }) },
  'POST /api/moderation/outbox/:id/retry': { as: 'admin', params: { id: () => [randomUUID()] } },
  'GET /api/moderation/webhooks': { as: 'admin' },
  'POST /api/moderation/webhooks': {
    as: 'admin',
    body: () => ({ url: 'http://127.0.0.1:9/hook', events: ['story.created'], active: false }),
  },
  'PATCH /api/moderation/webhooks/:id': {
    as: 'admin',
    params: webhook,
    body: () => ({ events: ['user.banned'], active: false }),
  },
  'DELETE /api/moderation/webhooks/:id': { as: 'admin', params: webhook },
  'GET /api/moderation/webhooks/:id/deliveries': { as: 'admin', params: webhook },
};
