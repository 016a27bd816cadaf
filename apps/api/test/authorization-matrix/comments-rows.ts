import { randomUUID } from 'node:crypto';
import { uniqueBody } from '../support/factories.js';
import { NOT_AUTHOR, SUSPENDED, NOT_FOUND, everyone, signedIn, type HttpRow, since } from './cells.js';

/** The matrix rows for reading and writing comments. */
export const COMMENT_ROWS: HttpRow[] = [
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
];
