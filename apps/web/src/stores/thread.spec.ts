import type { Me, ThreadComment } from '@parley/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { comment, me as makeMe, reply, threadComment } from '../testing/factories.js';
import { ApiError } from '../api/http.js';
import {
  after,
  api,
  before,
  LOADED_AT,
  loadedThreadStore,
  setupThreadStore,
  SLUG,
} from '../testing/thread-store.js';
import { useThreadStore } from './thread.js';

vi.mock('../api/comments.js', () => import('../testing/mock-comments-api.js'));
vi.mock('../api/socket.js', () => ({ currentSocketId: () => 'socket-1', reconnectSocket: vi.fn() }));

let viewer: Me;
const setup = () => setupThreadStore(viewer);
const loaded = (items: ThreadComment[], options?: { nextCursor?: string | null; total?: number }) =>
  loadedThreadStore(viewer, items, options);

describe(useThreadStore.name, () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.clearAllMocks();
    viewer = makeMe();
  });
  afterEach(() => vi.useRealTimers());

  describe('loadStory', () => {
    it('stores top-level order and nested replies with what is left to load', async () => {
      const root = comment({ createdAt: before(60), replyCount: 5 });
      const first = reply(root, { createdAt: before(50) });
      const sut = await loaded([threadComment(root, [threadComment(first)], 'cursor-r')]);

      expect(sut.status).toBe('ready');
      expect(sut.topLevelIds).toEqual([root.id]);
      expect(sut.replyIds(root.id)).toEqual([first.id]);
      expect(sut.moreReplies(root.id)).toBe(4);
      expect(sut.moreReplies(first.id)).toBe(0);
      expect(api.list).toHaveBeenCalledWith(SLUG, expect.objectContaining({ sort: 'newest' }));
    });

    it('fetches replies from the start when a comment has some but none nested', async () => {
      const root = comment({ createdAt: before(60) });
      const deep = reply(root, { createdAt: before(50), replyCount: 2 });
      const sut = await loaded([threadComment(root, [threadComment(deep, [], null)])]);
      expect(sut.moreReplies(deep.id)).toBe(2);
      const answers = [reply(deep, { createdAt: before(40) }), reply(deep, { createdAt: before(30) })];
      api.replies.mockResolvedValueOnce({
        items: answers.map((answer) => threadComment(answer)),
        nextCursor: null,
      });

      await sut.loadReplies(deep.id);

      expect(api.replies).toHaveBeenCalledWith(deep.id, expect.objectContaining({ cursor: undefined }));
      expect(sut.replyIds(deep.id)).toEqual(answers.map((answer) => answer.id));
      expect(sut.moreReplies(deep.id)).toBe(0);
    });

    it('shows the error when the page cannot be loaded', async () => {
      const sut = setup();
      api.list.mockRejectedValueOnce(new ApiError('network', 'Could not reach the server.', 0));
      await sut.loadStory(SLUG);
      expect(sut.status).toBe('error');
      expect(sut.error).toBe('Could not reach the server.');
    });
  });

  describe('pagination', () => {
    it('keeps a live-revealed comment where it is when a later page brings it again', async () => {
      const old = comment({ createdAt: before(60) });
      const sut = await loaded([threadComment(old)], { nextCursor: 'page-2' });
      const fresh = comment({ createdAt: after(1), author: viewer });
      sut.applyCreated(fresh);
      const older = comment({ createdAt: before(120) });
      api.list.mockResolvedValueOnce({
        data: { items: [threadComment(fresh), threadComment(older)], nextCursor: null },
        serverTime: null,
      });

      await sut.loadMore();

      expect(sut.topLevelIds).toEqual([fresh.id, old.id, older.id]);
      expect(sut.hasMore).toBe(false);
    });

    it('loads more replies after the cursor and skips ones already shown', async () => {
      const root = comment({ createdAt: before(60), replyCount: 3 });
      const first = reply(root, { createdAt: before(50) });
      const sut = await loaded([threadComment(root, [threadComment(first)], 'r-cursor')]);
      const second = reply(root, { createdAt: before(40) });
      api.replies.mockResolvedValueOnce({
        items: [threadComment(first), threadComment(second)],
        nextCursor: null,
      });

      await sut.loadReplies(root.id);

      expect(api.replies).toHaveBeenCalledWith(root.id, expect.objectContaining({ cursor: 'r-cursor' }));
      expect(sut.replyIds(root.id)).toEqual([first.id, second.id]);
      expect(sut.moreReplies(root.id)).toBe(0);
    });
  });

  describe('refreshForViewer', () => {
    it("refetches what is on screen after sign-in and takes the viewer's reactions", async () => {
      const root = comment({ createdAt: before(60), replyCount: 2 });
      const first = reply(root, { createdAt: before(50) });
      const sut = await loaded([threadComment(root, [threadComment(first)], 'c1')]);
      const second = reply(root, { createdAt: before(40) });
      api.replies.mockResolvedValueOnce({ items: [threadComment(second)], nextCursor: null });
      await sut.loadReplies(root.id);
      api.list.mockResolvedValueOnce({
        data: {
          items: [
            threadComment(
              { ...root, viewerReacted: true },
              [threadComment({ ...first, viewerReacted: true })],
              'c1',
            ),
          ],
          nextCursor: null,
        },
        serverTime: LOADED_AT,
      });

      await sut.refreshForViewer();

      expect(sut.comment(root.id)?.viewerReacted).toBe(true);
      expect(sut.comment(first.id)?.viewerReacted).toBe(true);
      expect(sut.replyIds(root.id)).toEqual([first.id, second.id]);
      expect(sut.moreReplies(root.id)).toBe(0);
    });
  });
});
