import { ADMIN_ONLY, type HttpRow } from './cells.js';
import { inactiveWebhook } from './state.js';

/** The matrix rows for an admin's imports, outbox and webhooks. */
export const ADMIN_ROWS: HttpRow[] = [
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
];
