import type { Me, ThreadComment } from '@parley/shared';
import { createTestingPinia } from '@pinia/testing';
import { vi } from 'vitest';
import { commentsApi } from '../api/comments.js';
import { useThreadStore } from '../stores/thread.js';

/**
 * Shared by the thread store's specs. Each spec mocks `../api/comments.js` itself (mocks are
 * hoisted per file) with `testing/mock-comments-api.ts`; this module sees that mock.
 */
export const api = vi.mocked(commentsApi);
export const SLUG = 'an-article';
/** The server time of the first page. */
export const LOADED_AT = '2030-01-01T12:00:00.000Z';
export const before = (seconds: number) => new Date(Date.parse(LOADED_AT) - seconds * 1000).toISOString();
export const after = (seconds: number) => new Date(Date.parse(LOADED_AT) + seconds * 1000).toISOString();

/** A real thread store (actions not stubbed) with `viewer` signed in. */
export function setupThreadStore(viewer: Me | null) {
  createTestingPinia({
    createSpy: vi.fn,
    stubActions: false,
    initialState: { session: { me: viewer, loaded: true } },
  });
  return useThreadStore();
}

/** The store after the first page of `SLUG` loaded with `items`, answered at `LOADED_AT`. */
export async function loadedThreadStore(
  viewer: Me | null,
  items: ThreadComment[],
  options: { nextCursor?: string | null; total?: number } = {},
) {
  const sut = setupThreadStore(viewer);
  api.list.mockResolvedValueOnce({
    data: { items, nextCursor: options.nextCursor ?? null },
    serverTime: LOADED_AT,
  });
  await sut.loadStory(SLUG, { total: options.total ?? items.length });
  return sut;
}
