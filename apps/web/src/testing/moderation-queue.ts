import type { AuthorHistory, Queue, QueueCounts, QueueItem, QueuePage } from '@parley/shared';
import { createTestingPinia } from '@pinia/testing';
import { vi } from 'vitest';
import { moderationApi } from '../api/moderation.js';
import { useModerationStore } from '../stores/moderation.js';
import { comment, uuid } from './factories.js';

/** Queue cards and a loaded moderation store for the store's specs (which mock `api/moderation`). */
const api = vi.mocked(moderationApi);
export const SLUG = 'an-story';
export const OTHER_SLUG = 'another-story';
export const COUNTS: QueueCounts = { pending: 2, reported: 0, unmoderated: 5, approved: 1, rejected: 0 };

let clock = Date.parse('2030-01-01T12:00:00.000Z');

export function author(overrides: Partial<AuthorHistory> = {}): AuthorHistory {
  const id = overrides.id ?? uuid();
  return {
    id,
    username: `user${id.slice(-4)}`,
    displayName: `User ${id.slice(-4)}`,
    role: 'reader',
    status: 'active',
    suspendedUntil: null,
    alwaysPremod: false,
    approvedCount: 0,
    rejectedCount: 0,
    createdAt: '2029-12-01T00:00:00.000Z',
    email: null,
    emailVerified: false,
    ...overrides,
  };
}

/** A queue card; each new one is a second newer than the last unless `at` says otherwise. */
export function item(
  overrides: {
    at?: string;
    slug?: string;
    author?: AuthorHistory;
    status?: 'pending' | 'published' | 'approved';
  } = {},
): QueueItem {
  clock += 1000;
  const writer = overrides.author ?? author();
  const body = comment({
    createdAt: overrides.at ?? new Date(clock).toISOString(),
    status: overrides.status ?? 'pending',
    author: writer,
  });
  return {
    comment: body,
    story: { id: body.storyId, slug: overrides.slug ?? SLUG, title: 'An story' },
    parent: null,
    flags: ['premod_all'],
    matchedWords: [],
    hook: null,
    toxicity: null,
    postedAnyway: false,
    reports: [],
    openReportCount: 0,
    author: writer,
    decidedBy: null,
    revisionCount: 0,
  };
}

export function page(items: QueueItem[], overrides: Partial<QueuePage> = {}): QueuePage {
  return { items, nextCursor: null, counts: COUNTS, ...overrides };
}

export const ids = (list: QueueItem[]) => list.map((entry) => entry.comment.id);

export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

export function setup() {
  createTestingPinia({ createSpy: vi.fn, stubActions: false });
  return useModerationStore();
}

/** A store showing `items` (newest first) in `queue`. */
export async function showing(
  items: QueueItem[],
  queue: Queue = 'pending',
  options: { story?: string | null; nextCursor?: string | null } = {},
) {
  const sut = setup();
  api.queue.mockResolvedValueOnce(page(items, { nextCursor: options.nextCursor ?? null }));
  await sut.load(queue, options.story ?? null);
  return sut;
}
