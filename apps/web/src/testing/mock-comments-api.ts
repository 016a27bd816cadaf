import { vi } from 'vitest';

/**
 * A stand-in for `api/comments.ts` with every method of `commentsApi` a `vi.fn()`. Specs mock the
 * module with it: `vi.mock('../api/comments.js', () => import('../testing/mock-comments-api.js'))`
 * (vi.mock is hoisted per file, so each file still gets its own fresh functions).
 */
export const commentsApi = {
  list: vi.fn(),
  replies: vi.fn(),
  get: vi.fn(),
  changes: vi.fn(),
  create: vi.fn(),
  edit: vi.fn(),
  remove: vi.fn(),
  like: vi.fn(),
  unlike: vi.fn(),
  report: vi.fn(),
};
