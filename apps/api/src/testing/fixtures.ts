import type { Article, Comment, User } from '@parley/db';

/**
 * Rows as the database hands them to a repository's caller, for unit specs: plain, valid, and the
 * same in every spec, so a spec states only the fields its test is about (`user({ role: 'admin' })`).
 * Ids are fixed; a spec that needs two of a kind names them.
 */

/** One instant for every fixture's times, so rows compare equal across calls. */
export const FIXTURE_TIME = new Date('2026-01-01T00:00:00Z');

/** An active reader with a password and no email. */
export function user(overrides: Partial<User> = {}): User {
  return {
    id: 'user-id',
    username: 'user',
    displayName: overrides.username ?? 'user',
    passwordHash: 'hash',
    email: null,
    emailVerifiedAt: null,
    role: 'reader',
    status: 'active',
    suspendedUntil: null,
    banReason: null,
    alwaysPremod: false,
    approvedCount: 0,
    rejectedCount: 0,
    deletedAt: null,
    createdAt: FIXTURE_TIME,
    ssoSubject: null,
    ...overrides,
  };
}

/** A published top-level comment by `user()` on `article()`, with no replies, reactions or reports. */
export function comment(overrides: Partial<Comment> = {}): Comment {
  const id = overrides.id ?? 'comment-id';
  return {
    id,
    articleId: 'article-id',
    parentId: null,
    rootId: id,
    depth: 0,
    authorId: 'user-id',
    body: 'text',
    status: 'published',
    flags: [],
    matchedWords: [],
    featured: false,
    editedAt: null,
    createdAt: FIXTURE_TIME,
    updatedAt: FIXTURE_TIME,
    replyCount: 0,
    reactionCount: 0,
    reportCount: 0,
    clientId: null,
    decidedBy: null,
    decidedAt: null,
    firstListedAt: FIXTURE_TIME,
    ...overrides,
  };
}

/** An open story with pre-moderation off. */
export function article(overrides: Partial<Article> = {}): Article {
  return {
    id: 'article-id',
    slug: 'a-story',
    title: 'A story',
    body: 'First paragraph.',
    tags: [],
    publishedAt: FIXTURE_TIME,
    commentsOpen: true,
    premod: 'off',
    commentCount: 0,
    createdAt: FIXTURE_TIME,
    url: 'https://news.example.org/a-story',
    externalId: null,
    ...overrides,
  };
}
