import type { Me, ThreadComment } from '@parley/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { comment, me as makeMe, reply, threadComment, uuid } from '../testing/factories.js';
import { after, api, before, loadedThreadStore } from '../testing/thread-store.js';
import { useThreadStore } from './thread.js';

vi.mock('../api/comments.js', () => import('../testing/mock-comments-api.js'));
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

  describe('live comment:created', () => {
    it('buffers a new top-level comment from someone else behind "N new"', async () => {
      const existing = comment({ createdAt: before(60) });
      const sut = await loaded([threadComment(existing)], { total: 1 });
      const fresh = comment({ createdAt: after(5) });

      sut.applyCreated(fresh);

      expect(sut.topLevelIds).toEqual([existing.id]);
      expect(sut.newCount).toBe(1);
      expect(sut.total).toBe(2);
    });

    it('dedupes the same comment arriving twice', async () => {
      const sut = await loaded([], { total: 0 });
      const fresh = comment({ createdAt: after(5) });

      sut.applyCreated(fresh);
      sut.applyCreated(fresh);

      expect(sut.newCount).toBe(1);
      expect(sut.total).toBe(1);
    });

    it('reveals buffered comments at the top, newest first, and flashes them', async () => {
      const existing = comment({ createdAt: before(60) });
      const sut = await loaded([threadComment(existing)]);
      const first = comment({ createdAt: after(1) });
      const second = comment({ createdAt: after(2) });
      sut.applyCreated(first);
      sut.applyCreated(second);

      const focus = sut.revealNew();

      expect(focus).toBe(second.id);
      expect(sut.topLevelIds).toEqual([second.id, first.id, existing.id]);
      expect(sut.newCount).toBe(0);
      expect(sut.isFlashing(first.id)).toBe(true);
      vi.runAllTimers();
      expect(sut.isFlashing(first.id)).toBe(false);
    });

    it("shows the viewer's own comment from another tab right away", async () => {
      const sut = await loaded([]);
      const own = comment({ author: viewer, createdAt: after(1) });

      sut.applyCreated(own);

      expect(sut.topLevelIds).toEqual([own.id]);
      expect(sut.newCount).toBe(0);
    });

    it('puts a reply in place under its parent, counts it and flashes it', async () => {
      const root = comment({ createdAt: before(60) });
      const sut = await loaded([threadComment(root)]);
      const answer = reply(root, { createdAt: after(1) });

      sut.applyCreated(answer);

      expect(sut.replyIds(root.id)).toEqual([answer.id]);
      expect(sut.comment(root.id)?.replyCount).toBe(1);
      expect(sut.isFlashing(answer.id)).toBe(true);
      expect(sut.newCount).toBe(0);
    });

    it('ignores a reply whose parent is not on screen', async () => {
      const sut = await loaded([]);
      const stranger = reply(comment(), { createdAt: after(1) });

      sut.applyCreated(stranger);

      expect(sut.comment(stranger.id)).toBeUndefined();
    });
  });

  describe('live comment:updated', () => {
    it("updates an edit in place and keeps the viewer's own reaction state", async () => {
      const liked = comment({ createdAt: before(60), viewerReacted: true, reactions: { like: 3 } });
      const sut = await loaded([threadComment(liked)]);

      sut.applyUpdated({
        ...liked,
        body: 'edited',
        editedAt: after(1),
        updatedAt: after(1),
        viewerReacted: false,
      });

      expect(sut.comment(liked.id)).toMatchObject({ body: 'edited', viewerReacted: true });
    });

    it('ignores a copy older than the one it holds', async () => {
      const current = comment({ createdAt: before(60), updatedAt: after(10), body: 'new' });
      const sut = await loaded([threadComment(current)]);

      sut.applyUpdated({ ...current, body: 'old', updatedAt: after(1) });

      expect(sut.comment(current.id)?.body).toBe('new');
    });

    it('turns a comment with replies into a deleted placeholder', async () => {
      const root = comment({ createdAt: before(60) });
      const answer = reply(root, { createdAt: before(30) });
      const sut = await loaded([threadComment(root, [threadComment(answer)])], { total: 2 });

      sut.applyUpdated({ ...root, status: 'deleted', author: null, body: '', updatedAt: after(1) });

      expect(sut.comment(root.id)).toMatchObject({ status: 'deleted', author: null });
      expect(sut.replyIds(root.id)).toEqual([answer.id]);
      expect(sut.total).toBe(1);
    });
  });

  describe('live comment:removed', () => {
    it('takes the comment and its replies off the screen and out of the count', async () => {
      const root = comment({ createdAt: before(60) });
      const other = comment({ createdAt: before(50) });
      const answer = reply(root, { createdAt: before(30) });
      const sut = await loaded([threadComment(other), threadComment(root, [threadComment(answer)])], {
        total: 3,
      });

      sut.applyRemoved(root.id);

      expect(sut.topLevelIds).toEqual([other.id]);
      expect(sut.comment(answer.id)).toBeUndefined();
      expect(sut.total).toBe(1);
    });

    it('removes a reply from its parent and a buffered comment from the buffer', async () => {
      const root = comment({ createdAt: before(60) });
      const answer = reply(root, { createdAt: before(30) });
      const sut = await loaded([threadComment(root, [threadComment(answer)])], { total: 2 });
      const fresh = comment({ createdAt: after(1) });
      sut.applyCreated(fresh);

      sut.applyRemoved(answer.id);
      sut.applyRemoved(fresh.id);

      expect(sut.replyIds(root.id)).toEqual([]);
      expect(sut.comment(root.id)?.replyCount).toBe(0);
      expect(sut.newCount).toBe(0);
      expect(sut.total).toBe(1);
    });

    it('does not count a removal twice when its echo arrives', async () => {
      const gone = comment({ createdAt: before(60), author: viewer });
      const sut = await loaded([threadComment(gone)], { total: 5 });
      api.remove.mockResolvedValueOnce(undefined);

      await sut.deleteOwn(gone.id);
      sut.applyRemoved(gone.id);

      expect(sut.total).toBe(4);
    });
  });

  it('updates reaction counts in place', async () => {
    const target = comment({ createdAt: before(60) });
    const sut = await loaded([threadComment(target)]);

    sut.applyReactions({ id: target.id, counts: { like: 7 } });

    expect(sut.comment(target.id)?.reactions.like).toBe(7);
  });

  describe('catch-up after a reconnect', () => {
    it("starts from the page's server time minus a margin, then from the latest event", async () => {
      const sut = await loaded([]);
      expect(sut.catchUpFrom()).toBe(before(5));

      sut.applyCreated(comment({ createdAt: after(30), updatedAt: after(30) }));
      expect(sut.catchUpFrom()).toBe(after(25));
    });

    it('merges changes by id: new comments buffered, known ones updated, removed ones gone', async () => {
      const root = comment({ createdAt: before(60) });
      const doomed = comment({ createdAt: before(50) });
      const sut = await loaded([threadComment(root), threadComment(doomed)], { total: 2 });
      const fresh = comment({ createdAt: after(10) });
      const answer = reply(root, { createdAt: after(12) });
      const unloadedOld = comment({ createdAt: before(3600), updatedAt: after(3) });

      sut.applyChanges({
        changed: [answer, fresh, { ...root, body: 'edited', updatedAt: after(11) }, unloadedOld],
        removedIds: [doomed.id],
        serverTime: after(20),
        truncated: false,
      });

      expect(sut.newCount).toBe(1);
      expect(sut.topLevelIds).toEqual([root.id]);
      expect(sut.comment(root.id)?.body).toBe('edited');
      expect(sut.replyIds(root.id)).toEqual([answer.id]);
      // An old comment edited while we were away sits on a page not loaded yet: not "new".
      expect(sut.comment(unloadedOld.id)).toBeUndefined();
      expect(sut.total).toBe(3);
      expect(sut.catchUpFrom()).toBe(after(15));
    });

    it("keeps the viewer's own held comment when /changes lists it among the removed", async () => {
      const sut = await loaded([]);
      const held = comment({ author: viewer, status: 'pending', createdAt: after(1) });
      api.create.mockResolvedValueOnce({ comment: held });
      await sut.post({ body: held.body, clientId: uuid() });

      sut.applyChanges({ changed: [], removedIds: [held.id], serverTime: after(2), truncated: false });

      expect(sut.topLevelIds).toEqual([held.id]);
    });

    it('does not duplicate what live events already brought', async () => {
      const sut = await loaded([]);
      const fresh = comment({ createdAt: after(1) });
      sut.applyCreated(fresh);

      sut.applyChanges({ changed: [fresh], removedIds: [], serverTime: after(2), truncated: false });

      expect(sut.newCount).toBe(1);
      expect(sut.total).toBe(1);
    });
  });

  describe('decisions on held comments', () => {
    it("marks the viewer's held comment approved or rejected", async () => {
      const sut = await loaded([]);
      const held = comment({ author: viewer, status: 'pending', createdAt: after(1) });
      api.create.mockResolvedValueOnce({ comment: held });
      await sut.post({ body: held.body, clientId: uuid() });

      sut.applyDecided({ ...held, status: 'rejected', updatedAt: after(5) });

      expect(sut.comment(held.id)?.status).toBe('rejected');
    });
  });
});
