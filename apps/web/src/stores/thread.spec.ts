import type { Me, ThreadComment } from '@parley/shared';
import { createTestingPinia } from '@pinia/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commentsApi } from '../api/comments.js';
import { ApiError } from '../api/http.js';
import { comment, me as makeMe, reply, threadComment, uuid } from '../testing/factories.js';
import { useThreadStore } from './thread.js';

vi.mock('../api/comments.js', () => ({
  commentsApi: {
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
    moderate: vi.fn(),
  },
}));
vi.mock('../api/socket.js', () => ({ currentSocketId: () => 'socket-1', reconnectSocket: vi.fn() }));

const api = vi.mocked(commentsApi);
const SLUG = 'an-article';
const LOADED_AT = '2030-01-01T12:00:00.000Z';
const before = (seconds: number) => new Date(Date.parse(LOADED_AT) - seconds * 1000).toISOString();
const after = (seconds: number) => new Date(Date.parse(LOADED_AT) + seconds * 1000).toISOString();

let viewer: Me;

function setup() {
  createTestingPinia({
    createSpy: vi.fn,
    stubActions: false,
    initialState: { session: { me: viewer, loaded: true } },
  });
  return useThreadStore();
}

async function loaded(items: ThreadComment[], options: { nextCursor?: string | null; total?: number } = {}) {
  const sut = setup();
  api.list.mockResolvedValueOnce({
    data: { items, nextCursor: options.nextCursor ?? null },
    serverTime: LOADED_AT,
  });
  await sut.loadArticle(SLUG, { total: options.total ?? items.length });
  return sut;
}

describe(useThreadStore.name, () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.clearAllMocks();
    viewer = makeMe();
  });
  afterEach(() => vi.useRealTimers());

  describe('loadArticle', () => {
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
      await sut.loadArticle(SLUG);
      expect(sut.status).toBe('error');
      expect(sut.error).toBe('Could not reach the server.');
    });
  });

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
      api.moderate
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
