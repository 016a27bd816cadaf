import type { Me, ThreadComment } from '@parley/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { comment, me as makeMe, reply, threadComment, uuid } from '../testing/factories.js';
import { ApiError } from '../api/http.js';
import { moderationApi } from '../api/moderation.js';
import { after, api, before, loadedThreadStore, SLUG } from '../testing/thread-store.js';
import { useThreadStore } from './thread.js';

vi.mock('../api/comments.js', () => import('../testing/mock-comments-api.js'));
vi.mock('../api/moderation.js', () => ({ moderationApi: { decide: vi.fn() } }));
vi.mock('../api/socket.js', () => ({ currentSocketId: () => 'socket-1', reconnectSocket: vi.fn() }));

let viewer: Me;
const loaded = (items: ThreadComment[], options?: { nextCursor?: string | null; total?: number }) =>
  loadedThreadStore(viewer, items, options);

describe(useThreadStore.name, () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.clearAllMocks();
    viewer = makeMe();
  });
  afterEach(() => vi.useRealTimers());

  describe('post', () => {
    it('sends the clientId and socket id, and shows the comment at the top', async () => {
      const existing = comment({ createdAt: before(60) });
      const sut = await loaded([threadComment(existing)]);
      const created = comment({ author: viewer, createdAt: after(1) });
      api.create.mockResolvedValueOnce({ comment: created });

      await sut.post({ body: 'hello', clientId: 'client-1' });

      expect(api.create).toHaveBeenCalledWith(SLUG, { body: 'hello', clientId: 'client-1' }, 'socket-1');
      expect(sut.topLevelIds).toEqual([created.id, existing.id]);
    });

    it('shows a held comment to its author, and leaves a rejected one out', async () => {
      const sut = await loaded([], { total: 0 });
      const held = comment({ author: viewer, status: 'pending', createdAt: after(1) });
      const refused = comment({ author: viewer, status: 'rejected', createdAt: after(2) });
      api.create.mockResolvedValueOnce({ comment: held }).mockResolvedValueOnce({ comment: refused });

      await sut.post({ body: 'held', clientId: uuid() });
      const answer = await sut.post({ body: 'refused', clientId: uuid() });

      expect(sut.topLevelIds).toEqual([held.id]);
      expect(answer.status).toBe('rejected');
      expect(sut.total).toBe(0);
    });

    it("puts the viewer's reply under its parent even if an echo came first", async () => {
      const root = comment({ createdAt: before(60) });
      const sut = await loaded([threadComment(root)]);
      const answer = reply(root, { author: viewer, createdAt: after(1) });
      sut.applyCreated(answer);
      api.create.mockResolvedValueOnce({ comment: answer });

      await sut.post({ body: answer.body, parentId: root.id, clientId: uuid() });

      expect(sut.replyIds(root.id)).toEqual([answer.id]);
      expect(sut.comment(root.id)?.replyCount).toBe(1);
    });
  });

  describe('toggleLike', () => {
    it("updates at once and settles on the server's count", async () => {
      const target = comment({ createdAt: before(60), reactions: { like: 2 } });
      const sut = await loaded([threadComment(target)]);
      api.like.mockResolvedValueOnce({ id: target.id, counts: { like: 5 } });

      const pending = sut.toggleLike(target.id);
      expect(sut.comment(target.id)).toMatchObject({ viewerReacted: true, reactions: { like: 3 } });
      await pending;

      expect(sut.comment(target.id)).toMatchObject({ viewerReacted: true, reactions: { like: 5 } });
    });

    it('goes back when the server refuses', async () => {
      const target = comment({ createdAt: before(60), reactions: { like: 2 }, viewerReacted: true });
      const sut = await loaded([threadComment(target)]);
      api.unlike.mockRejectedValueOnce(new ApiError('network', 'offline', 0));

      await expect(sut.toggleLike(target.id)).rejects.toThrow('offline');

      expect(sut.comment(target.id)).toMatchObject({ viewerReacted: true, reactions: { like: 2 } });
    });
  });

  describe('deleteOwn', () => {
    it('leaves a placeholder while replies exist', async () => {
      const root = comment({ createdAt: before(60), author: viewer });
      const answer = reply(root, { createdAt: before(30) });
      const sut = await loaded([threadComment(root, [threadComment(answer)])]);
      api.remove.mockResolvedValueOnce(undefined);

      await sut.deleteOwn(root.id);

      expect(sut.comment(root.id)).toMatchObject({ status: 'deleted', author: null, body: '' });
      expect(sut.topLevelIds).toEqual([root.id]);
    });
  });

  describe('edit, delete and moderate', () => {
    it("takes the edited copy the server answers, with the viewer's reaction", async () => {
      const own = comment({ createdAt: before(60), author: viewer, viewerReacted: true });
      const sut = await loaded([threadComment(own)]);
      api.edit.mockResolvedValueOnce({ ...own, body: 'better', editedAt: after(1), updatedAt: after(1) });

      await sut.edit(own.id, 'better');

      expect(api.edit).toHaveBeenCalledWith(own.id, 'better');
      expect(sut.comment(own.id)).toMatchObject({ body: 'better', viewerReacted: true });
    });

    it('takes a deleted comment without replies off the screen and out of the count', async () => {
      const own = comment({ createdAt: before(60), author: viewer });
      const sut = await loaded([threadComment(own)], { total: 1 });
      api.remove.mockResolvedValueOnce(undefined);

      await sut.deleteOwn(own.id);

      expect(sut.topLevelIds).toEqual([]);
      expect(sut.total).toBe(0);
    });

    it('takes the copy a decision answers, and removes a rejected comment', async () => {
      const featured = comment({ createdAt: before(60) });
      const rejected = comment({ createdAt: before(50) });
      const sut = await loaded([threadComment(featured), threadComment(rejected)], { total: 2 });
      vi.mocked(moderationApi.decide)
        .mockResolvedValueOnce({
          comment: { ...featured, featured: true, updatedAt: after(1) },
          queues: ['approved'],
        })
        .mockResolvedValueOnce({ comment: { ...rejected, status: 'rejected' }, queues: ['rejected'] });

      await sut.moderate(featured.id, { kind: 'feature' });
      await sut.moderate(rejected.id, { kind: 'reject', reason: 'spam' });

      expect(sut.comment(featured.id)?.featured).toBe(true);
      expect(sut.topLevelIds).toEqual([featured.id]);
      expect(sut.total).toBe(1);
    });
  });
});
