import type { Comment, ThreadComment } from '@parley/shared';
import { isVisible } from '@parley/shared/values';
import { appendUnique, mergeComment, prependUnique, walkThread } from './thread-merge.js';

/**
 * The containers of a tree. The thread store passes reactive ones (shallow: comments are replaced,
 * never mutated), tests plain ones; the tree itself knows nothing of Vue.
 */
export interface ThreadTreeState {
  readonly byId: Map<string, Comment>;
  /** Loaded replies of each comment, in order. */
  readonly children: Map<string, string[]>;
  /** Cursor for more replies; null: all loaded; absent: fetch from the start (if replyCount says there are some). */
  readonly repliesCursor: Map<string, string | null>;
  /** The top level on screen, in order. */
  topIds: string[];
  /** New top-level comments waiting behind "N new comments", newest first. */
  newIds: string[];
}

export function emptyTreeState(): ThreadTreeState {
  return { byId: new Map(), children: new Map(), repliesCursor: new Map(), topIds: [], newIds: [] };
}

/** Where a comment that was not on screen went (see `ThreadTree.place`). */
export type Placement = 'top' | 'new' | 'reply';

/**
 * One discussion normalized by id: every comment once, the order of the top level, the loaded
 * replies of each comment and the buffer of new top-level comments. It decides where a comment
 * goes and what leaves with it; who posted it and when is the store's business.
 */
export class ThreadTree {
  constructor(readonly state: ThreadTreeState = emptyTreeState()) {}

  clear(): void {
    this.state.byId.clear();
    this.state.children.clear();
    this.state.repliesCursor.clear();
    this.state.topIds = [];
    this.state.newIds = [];
  }

  get(id: string): Comment | undefined {
    return this.state.byId.get(id);
  }

  /** Replaces a comment's copy, wherever it is shown (or keeps it without showing it). */
  set(comment: Comment): void {
    this.state.byId.set(comment.id, comment);
  }

  replyIds(id: string): string[] {
    return this.state.children.get(id) ?? [];
  }

  /** undefined: fetch replies from the start; null: all loaded. */
  repliesCursor(id: string): string | null | undefined {
    return this.state.repliesCursor.get(id);
  }

  /** Has replies, loaded or not: deleting it leaves a placeholder. */
  hasReplies(id: string): boolean {
    return (this.get(id)?.replyCount ?? 0) > 0 || this.replyIds(id).length > 0;
  }

  /** How many replies exist beyond those loaded (0 when none or unknown; at least 1 while a cursor says more). */
  moreReplies(id: string): number {
    const target = this.get(id);
    if (!target) return 0;
    const loaded = this.replyIds(id).length;
    const cursor = this.repliesCursor(id);
    if (cursor === null) return 0;
    if (cursor === undefined) return Math.max(0, target.replyCount - loaded);
    return Math.max(1, target.replyCount - loaded);
  }

  /**
   * Stores a page's comments (and their nested replies); returns the ids not held before.
   * `refresh` only updates comments already held, leaving their loaded replies alone.
   */
  ingest(items: readonly ThreadComment[], options: { refresh?: boolean } = {}): string[] {
    const { byId, children, repliesCursor } = this.state;
    const fresh: string[] = [];
    for (const { comment, replyIds, repliesCursor: cursor } of walkThread(items)) {
      const held = byId.get(comment.id);
      if (options.refresh) {
        if (held) byId.set(comment.id, mergeComment(held, comment, { forViewer: true }));
        continue;
      }
      if (!held) fresh.push(comment.id);
      byId.set(comment.id, mergeComment(held, comment, { forViewer: true }));
      const loaded = appendUnique(children.get(comment.id) ?? [], replyIds);
      children.set(comment.id, loaded);
      // A null cursor means "all here" only if the count agrees; else fetch from the start.
      if (cursor !== null) repliesCursor.set(comment.id, cursor);
      else if (loaded.length >= comment.replyCount) repliesCursor.set(comment.id, null);
      else repliesCursor.delete(comment.id);
    }
    return fresh;
  }

  /** The first page of the top level; buffered comments it already holds leave the buffer. */
  setTopLevel(ids: readonly string[]): void {
    this.state.topIds = [...ids];
    this.dropFromBuffer(this.state.topIds);
  }

  /** A later page of the top level; a comment already shown (revealed live, say) stays where it is. */
  appendTopLevel(ids: readonly string[]): void {
    this.state.topIds = appendUnique(this.state.topIds, ids);
    this.dropFromBuffer(this.state.topIds);
  }

  /** A page of replies to `parentId`, after those loaded. */
  appendReplies(parentId: string, items: readonly ThreadComment[], nextCursor: string | null): void {
    this.ingest(items);
    this.state.children.set(
      parentId,
      appendUnique(
        this.replyIds(parentId),
        items.map((item) => item.id),
      ),
    );
    this.state.repliesCursor.set(parentId, nextCursor);
  }

  /**
   * Puts a comment that is not held yet where it belongs and says where that was, or null when it
   * has no place here: a top-level comment goes to the top (`shownAtOnce`) or the "new" buffer,
   * and not at all in a subtree view (`topLevelAllowed` false) or when it is not new; a reply goes
   * under its parent when the parent is on screen, unless it is old (`isNew` false) and may be
   * among the parent's replies not fetched yet.
   */
  place(
    incoming: Comment,
    how: { isNew: boolean; shownAtOnce: boolean; topLevelAllowed: boolean; catchUp: boolean },
  ): Placement | null {
    const { byId, children, repliesCursor } = this.state;
    if (incoming.parentId === null) {
      if (!how.topLevelAllowed || !how.isNew) return null;
      byId.set(incoming.id, incoming);
      if (how.shownAtOnce) {
        this.state.topIds = prependUnique(this.state.topIds, [incoming.id]);
        return 'top';
      }
      this.state.newIds = prependUnique(this.state.newIds, [incoming.id]);
      return 'new';
    }

    const parent = byId.get(incoming.parentId);
    if (!parent) return null;
    const loaded = this.replyIds(parent.id);
    if (!how.isNew && repliesCursor.get(parent.id) !== null) return null;
    byId.set(incoming.id, incoming);
    children.set(parent.id, appendUnique(loaded, [incoming.id]));
    if (incoming.replyCount === 0) repliesCursor.set(incoming.id, null);
    // A catch-up may already have brought the parent with its new count.
    const replyCount = how.catchUp ? Math.max(parent.replyCount, loaded.length + 1) : parent.replyCount + 1;
    byId.set(parent.id, { ...parent, replyCount });
    return 'reply';
  }

  /** Shows a top-level comment at the top, out of the buffer (the viewer's own post). */
  showAtTop(id: string): void {
    this.state.topIds = prependUnique(this.state.topIds, [id]);
    this.dropFromBuffer([id]);
  }

  /**
   * Puts a chain of comments, each the parent of the next, on screen where they are missing: the
   * first at the top level or under its parent. Used for a permalink's ancestors.
   */
  placeChain(chain: readonly Comment[]): void {
    for (const comment of chain) {
      if (this.state.byId.has(comment.id)) continue;
      this.state.byId.set(comment.id, comment);
      if (comment.parentId === null) this.showAtTop(comment.id);
      else
        this.state.children.set(
          comment.parentId,
          appendUnique(this.replyIds(comment.parentId), [comment.id]),
        );
    }
  }

  /**
   * Moves the buffered comments (those still held) into view: at the end for oldest-first once every
   * page is loaded, else at the top. Returns them, newest first.
   */
  revealNew(options: { atEnd: boolean }): string[] {
    const ids = this.state.newIds.filter((id) => this.state.byId.has(id));
    this.state.newIds = [];
    if (ids.length === 0) return ids;
    this.state.topIds = options.atEnd
      ? appendUnique(this.state.topIds, [...ids].reverse())
      : prependUnique(this.state.topIds, ids);
    return ids;
  }

  /**
   * Takes a comment and everything under it off the screen, out of its parent's replies and count.
   * Returns the comment and how many visible comments left with it, or null if it was not held.
   */
  remove(id: string): { comment: Comment; visibleRemoved: number } | null {
    const comment = this.get(id);
    if (!comment) return null;
    const visibleRemoved = this.removeSubtree(id);
    this.state.topIds = this.state.topIds.filter((other) => other !== id);
    this.dropFromBuffer([id]);
    if (comment.parentId) {
      const siblings = this.state.children.get(comment.parentId);
      if (siblings)
        this.state.children.set(
          comment.parentId,
          siblings.filter((other) => other !== id),
        );
      const parent = this.get(comment.parentId);
      if (parent) this.set({ ...parent, replyCount: Math.max(0, parent.replyCount - 1) });
    }
    return { comment, visibleRemoved };
  }

  private removeSubtree(id: string): number {
    let removed = 0;
    for (const child of this.replyIds(id)) removed += this.removeSubtree(child);
    const comment = this.get(id);
    if (comment && isVisible(comment)) removed += 1;
    this.state.byId.delete(id);
    this.state.children.delete(id);
    this.state.repliesCursor.delete(id);
    return removed;
  }

  private dropFromBuffer(ids: readonly string[]): void {
    if (this.state.newIds.length === 0) return;
    const leaving = new Set(ids);
    this.state.newIds = this.state.newIds.filter((id) => !leaving.has(id));
  }
}
