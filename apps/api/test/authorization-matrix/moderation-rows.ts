import { randomUUID } from 'node:crypto';
import { createStory, createUser } from '../support/factories.js';
import { everyone, STAFF_ONLY, ADMIN_ONLY, type HttpRow, HOST_SITE } from './cells.js';

/** The matrix rows for moderation: decisions, people, stories and settings. */
export const MODERATION_ROWS: HttpRow[] = [
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
];
