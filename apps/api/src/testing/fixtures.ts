import type { Story, Comment, User } from '@parley/db';
import { vi, type Mock } from 'vitest';
import type { CommentRecord } from '../comments/comment-records.js';
import { TransactionRunner } from '../database/transaction-runner.js';

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
    importSource: null,
    importKey: null,
    importEmail: null,
    claimedBy: null,
    claimedAt: null,
    locale: null,
    ...overrides,
  };
}

/** A published top-level comment by `user()` on `story()`, with no replies, reactions or reports. */
export function comment(overrides: Partial<Comment> = {}): Comment {
  const id = overrides.id ?? 'comment-id';
  return {
    id,
    storyId: 'story-id',
    parentId: null,
    rootId: id,
    depth: 0,
    authorId: 'user-id',
    body: 'text',
    status: 'published',
    flags: [],
    matchedWords: [],
    hookReason: null,
    hookLabels: null,
    toxicityScore: null,
    toxicityLabels: null,
    postedAnyway: false,
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
    importSource: null,
    importId: null,
    ...overrides,
  };
}

/** An open story with pre-moderation off. */
export function story(overrides: Partial<Story> = {}): Story {
  return {
    id: 'story-id',
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
    importSource: null,
    importId: null,
    ...overrides,
  };
}

/** A comment as repositories read it, with its author's columns. */
export function commentRecord(overrides: Partial<CommentRecord> = {}): CommentRecord {
  return {
    id: 'comment-id',
    storyId: 'story-id',
    parentId: null,
    rootId: 'comment-id',
    depth: 0,
    authorId: 'author-id',
    body: 'text',
    status: 'published',
    flags: [],
    matchedWords: [],
    hookReason: null,
    hookLabels: null,
    toxicityScore: null,
    toxicityLabels: null,
    postedAnyway: false,
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
    firstListedAt: null,
    importSource: null,
    importId: null,
    authorUsername: 'rita',
    authorDisplayName: 'Rita',
    authorRole: 'reader',
    ...overrides,
  };
}

/**
 * A repository mock as services get it: `withExecutor` hands out a copy bound to that executor,
 * sharing the same mock functions, so a call through the copy records which executor it went to.
 */
export function bindable<T extends Record<string, Mock>>(fns: T): T & { withExecutor: Mock } {
  const repository: T & { withExecutor: Mock } = {
    ...fns,
    withExecutor: vi.fn((executor: unknown) => ({ ...repository, executor })),
  };
  return repository;
}

/** The executor of each call: the transaction for calls made through a bound copy, else undefined. */
export function executorsOf(fn: Mock): unknown[] {
  return fn.mock.contexts.map((context) => (context as { executor?: unknown } | undefined)?.executor);
}

/** A TransactionRunner whose one "transaction" is `trx`, for a unit module's providers. */
export function fakeTransactions(trx: object = { transaction: 'trx' }) {
  const db = { transaction: () => ({ execute: (work: (t: object) => Promise<unknown>) => work(trx) }) };
  return { trx, provider: { provide: TransactionRunner, useValue: new TransactionRunner(db as never) } };
}
