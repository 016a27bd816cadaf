import type { Comment } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { comment, reply, threadComment } from '../testing/factories.js';
import { ThreadTree } from './thread-tree.js';

const fresh = { isNew: true, shownAtOnce: false, topLevelAllowed: true, catchUp: false };

/** A tree holding `root` with `replies` loaded under it, all of them (no cursor). */
function treeWith(root: Comment, replies: Comment[] = []): ThreadTree {
  const sut = new ThreadTree();
  sut.ingest([
    threadComment(
      root,
      replies.map((item) => threadComment(item)),
    ),
  ]);
  sut.setTopLevel([root.id]);
  return sut;
}

describe(ThreadTree.name, () => {
  describe('ingest', () => {
    it('stores nested replies, returns what is new and keeps what is left to load', () => {
      const sut = new ThreadTree();
      const root = comment({ replyCount: 5 });
      const first = reply(root);
      const deep = reply(first, { replyCount: 2 });

      const ids = sut.ingest([
        threadComment(root, [threadComment(first, [threadComment(deep, [], null)])], 'cursor-r'),
      ]);

      expect(ids).toEqual([root.id, first.id, deep.id]);
      expect(sut.replyIds(root.id)).toEqual([first.id]);
      expect(sut.moreReplies(root.id)).toBe(4);
      expect(sut.moreReplies(first.id)).toBe(0);
      // None nested but some exist: fetched from the start.
      expect(sut.repliesCursor(deep.id)).toBeUndefined();
      expect(sut.moreReplies(deep.id)).toBe(2);
      expect(sut.ingest([threadComment(root)])).toEqual([]);
    });

    it('on refresh updates held comments only, and leaves their replies alone', () => {
      const root = comment({ viewerReacted: false });
      const answer = reply(root);
      const sut = treeWith(root, [answer]);

      sut.ingest([threadComment({ ...root, viewerReacted: true }), threadComment(comment())], {
        refresh: true,
      });

      expect(sut.get(root.id)?.viewerReacted).toBe(true);
      expect(sut.replyIds(root.id)).toEqual([answer.id]);
      expect(sut.state.byId.size).toBe(2);
    });
  });

  describe('pages', () => {
    it('takes buffered comments out of the buffer when a page brings them', () => {
      const sut = new ThreadTree();
      const buffered = comment();
      sut.place(buffered, fresh);

      sut.setTopLevel([buffered.id]);

      expect(sut.state.topIds).toEqual([buffered.id]);
      expect(sut.state.newIds).toEqual([]);
    });

    it('keeps a comment already shown where it is when a later page brings it again', () => {
      const sut = new ThreadTree();
      sut.setTopLevel(['a', 'b']);

      sut.appendTopLevel(['b', 'c']);

      expect(sut.state.topIds).toEqual(['a', 'b', 'c']);
    });

    it('appends a page of replies after those loaded, skipping ones shown, and keeps its cursor', () => {
      const root = comment({ replyCount: 3 });
      const first = reply(root);
      const second = reply(root);
      const sut = treeWith(root, [first]);

      sut.appendReplies(root.id, [threadComment(first), threadComment(second)], 'next');

      expect(sut.replyIds(root.id)).toEqual([first.id, second.id]);
      expect(sut.repliesCursor(root.id)).toBe('next');
      expect(sut.get(second.id)).toEqual(second);
    });
  });

  describe('place', () => {
    it("buffers another reader's new top-level comment and shows one at once when asked", () => {
      const sut = new ThreadTree();
      const others = comment();
      const own = comment();

      expect(sut.place(others, fresh)).toBe('new');
      expect(sut.place(own, { ...fresh, shownAtOnce: true })).toBe('top');

      expect(sut.state.newIds).toEqual([others.id]);
      expect(sut.state.topIds).toEqual([own.id]);
    });

    it('has no place for a top-level comment in a subthread view, or for an old one', () => {
      const sut = new ThreadTree();
      const first = comment();
      const second = comment();

      expect(sut.place(first, { ...fresh, topLevelAllowed: false, shownAtOnce: true })).toBeNull();
      expect(sut.place(second, { ...fresh, isNew: false })).toBeNull();

      expect(sut.get(first.id)).toBeUndefined();
      expect(sut.get(second.id)).toBeUndefined();
    });

    it('puts a reply under its parent and counts it there', () => {
      const root = comment();
      const sut = treeWith(root);
      const answer = reply(root);

      expect(sut.place(answer, fresh)).toBe('reply');

      expect(sut.replyIds(root.id)).toEqual([answer.id]);
      expect(sut.get(root.id)?.replyCount).toBe(1);
      // A new reply has none of its own: nothing to fetch under it.
      expect(sut.repliesCursor(answer.id)).toBeNull();
    });

    it('does not count twice a catch-up reply whose parent already came with the new count', () => {
      const root = comment();
      const sut = treeWith(root);
      sut.set({ ...root, replyCount: 1 });

      sut.place(reply(root), { ...fresh, catchUp: true });

      expect(sut.get(root.id)?.replyCount).toBe(1);
    });

    it('leaves out a reply whose parent is not on screen', () => {
      const sut = new ThreadTree();
      const stranger = reply(comment());

      expect(sut.place(stranger, fresh)).toBeNull();
      expect(sut.get(stranger.id)).toBeUndefined();
    });

    it('leaves out an old reply that may be among replies not fetched yet, but not when all are', () => {
      const partly = comment({ replyCount: 2 });
      const sut = new ThreadTree();
      sut.ingest([threadComment(partly, [threadComment(reply(partly))], 'more')]);
      const whole = comment();
      sut.ingest([threadComment(whole)]);

      expect(sut.place(reply(partly), { ...fresh, isNew: false })).toBeNull();
      expect(sut.place(reply(whole), { ...fresh, isNew: false })).toBe('reply');
    });
  });

  describe('revealNew', () => {
    it('shows the buffer at the top, newest first, or at the end for oldest first', () => {
      const first = comment();
      const second = comment();
      const top = new ThreadTree();
      const end = new ThreadTree();
      for (const sut of [top, end]) {
        sut.setTopLevel(['existing']);
        sut.place(first, fresh);
        sut.place(second, fresh);
      }

      expect(top.revealNew({ atEnd: false })).toEqual([second.id, first.id]);
      expect(end.revealNew({ atEnd: true })).toEqual([second.id, first.id]);

      expect(top.state.topIds).toEqual([second.id, first.id, 'existing']);
      expect(end.state.topIds).toEqual(['existing', first.id, second.id]);
      expect(top.state.newIds).toEqual([]);
    });

    it('skips buffered comments removed meanwhile', () => {
      const sut = new ThreadTree();
      const kept = comment();
      const removed = comment();
      sut.place(kept, fresh);
      sut.place(removed, fresh);
      sut.state.byId.delete(removed.id);

      expect(sut.revealNew({ atEnd: false })).toEqual([kept.id]);
    });
  });

  describe('remove', () => {
    it('takes a comment and everything under it away, counting the visible ones', () => {
      const root = comment();
      const answer = reply(root);
      const held = reply(answer, { status: 'pending' });
      const other = comment();
      const sut = new ThreadTree();
      sut.ingest([threadComment(root, [threadComment(answer, [threadComment(held)])]), threadComment(other)]);
      sut.setTopLevel([root.id, other.id]);

      const removal = sut.remove(root.id);

      expect(removal).toMatchObject({ comment: { id: root.id }, visibleRemoved: 2 });
      expect(sut.state.topIds).toEqual([other.id]);
      for (const id of [root.id, answer.id, held.id]) expect(sut.get(id)).toBeUndefined();
      expect(sut.replyIds(root.id)).toEqual([]);
    });

    it("takes a reply out of its parent's replies and count", () => {
      const root = comment();
      const answer = reply(root);
      const sut = treeWith(root, [answer]);

      sut.remove(answer.id);

      expect(sut.replyIds(root.id)).toEqual([]);
      expect(sut.get(root.id)?.replyCount).toBe(0);
    });

    it('takes a buffered comment out of the buffer, and answers null for one not held', () => {
      const sut = new ThreadTree();
      const buffered = comment();
      sut.place(buffered, fresh);

      expect(sut.remove(buffered.id)?.visibleRemoved).toBe(1);
      expect(sut.state.newIds).toEqual([]);
      expect(sut.remove(buffered.id)).toBeNull();
    });
  });

  describe('placeChain', () => {
    it('puts the missing links of a chain under their parents, a missing top-level one at the top', () => {
      const shown = comment();
      const sut = treeWith(shown);
      const root = comment();
      const answer = reply(root);
      const target = reply(answer);

      sut.placeChain([root, answer, target]);

      expect(sut.state.topIds).toEqual([root.id, shown.id]);
      expect(sut.replyIds(root.id)).toEqual([answer.id]);
      expect(sut.replyIds(answer.id)).toEqual([target.id]);
      expect(sut.get(target.id)).toEqual(target);
    });

    it('leaves links already on screen where they are', () => {
      const root = comment({ replyCount: 2 });
      const first = reply(root);
      const sut = treeWith(root, [first]);
      const target = reply(root);

      sut.placeChain([{ ...root, body: 'a copy' }, target]);

      expect(sut.get(root.id)?.body).toBe(root.body);
      expect(sut.replyIds(root.id)).toEqual([first.id, target.id]);
    });
  });

  it('says a comment has replies when it counts some or holds some', () => {
    const root = comment();
    const answer = reply(root);
    const sut = treeWith(root, [answer]);
    sut.set({ ...root, replyCount: 0 });
    const counted = comment({ replyCount: 1 });
    sut.set(counted);

    expect(sut.hasReplies(root.id)).toBe(true);
    expect(sut.hasReplies(counted.id)).toBe(true);
    expect(sut.hasReplies(answer.id)).toBe(false);
  });
});
