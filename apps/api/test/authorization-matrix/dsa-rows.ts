import { NOT_A_PARTY, everyone, signedIn, STAFF_ONLY, type HttpRow } from './cells.js';
import { insertNotice } from './state.js';

/** The matrix rows for notice and action (DSA). */
export const DSA_ROWS: HttpRow[] = [
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
];
