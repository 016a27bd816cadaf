import type { Comment, CommentChanges, ReactionsUpdated } from '@parley/shared';
import { isVisible } from '@parley/shared/values';
import { CATCH_UP_MARGIN_MS, catchUpSince, laterOf, mergeComment, time } from './thread-merge.js';
import type { ThreadTree } from './thread-tree.js';

/** How a comment reached us, which decides where a comment we did not know goes. */
export type Arrival =
  /** A `comment:created` event: it just became visible. */
  | 'live'
  /** Part of `/changes` after a reconnect: new only if created after our first page. */
  | 'catch-up'
  /** The viewer's own post, or another tab of theirs. */
  | 'own';

/** How far the thread is in step with the server: what counts as new, and where catch-up starts. */
export class ThreadClock {
  /** Comments created before this belong to pages we have not loaded; after it, they are new. */
  snapshotAt = new Date(0).toISOString();
  /** The last moment we know we had every change: the next catch-up starts here (minus a margin). */
  syncedAt = this.snapshotAt;

  /** A first page arrived, answered at `serverTime` (now, if the answer did not say). */
  markSynced(serverTime: string | null): void {
    const at = serverTime ?? new Date().toISOString();
    this.snapshotAt = new Date(time(at) - CATCH_UP_MARGIN_MS).toISOString();
    this.syncedAt = at;
  }

  /** Something that happened at `at` reached us. */
  note(at: string): void {
    this.syncedAt = laterOf(this.syncedAt, at);
  }

  /** Created after the first page, so new to the reader rather than part of an unloaded page. */
  isAfterSnapshot(createdAt: string): boolean {
    return time(createdAt) >= time(this.snapshotAt);
  }

  /** `since` for the next catch-up. */
  catchUpFrom(): string {
    return catchUpSince(this.syncedAt);
  }
}

/** What the store lends its helpers: the tree, and the one way in and out of it for comments. */
export interface ThreadPlacement {
  tree: ThreadTree;
  upsert(incoming: Comment, arrival: Arrival, options?: { forViewer?: boolean }): void;
  remove(id: string, arrival: Arrival): void;
  isMine(comment: Comment): boolean;
}

/** Socket events and the catch-up after a reconnect, applied to one thread. */
export function threadLiveEvents({ tree, upsert, remove, isMine }: ThreadPlacement, clock: ThreadClock) {
  function applyCreated(comment: Comment): void {
    clock.note(comment.updatedAt);
    upsert(comment, 'live');
  }

  function applyUpdated(comment: Comment): void {
    clock.note(comment.updatedAt);
    upsert(comment, 'live');
  }

  function applyRemoved(id: string): void {
    remove(id, 'live');
  }

  function applyReactions(update: ReactionsUpdated): void {
    const comment = tree.get(update.id);
    if (comment) tree.set({ ...comment, reactions: update.counts });
  }

  /** A moderator decided one of the viewer's held comments. */
  function applyDecided(comment: Comment): void {
    const existing = tree.get(comment.id);
    if (existing) tree.set({ ...mergeComment(existing, comment), status: comment.status });
    else if (isVisible(comment)) upsert(comment, 'own');
  }

  /** Merges what changed while the live connection was down. */
  function applyChanges(changes: CommentChanges): void {
    // Parents before children, so replies find the comment they answer.
    const ordered = [...changes.changed].sort(
      (a, b) => a.depth - b.depth || time(a.createdAt) - time(b.createdAt),
    );
    for (const comment of ordered) upsert(comment, 'catch-up');
    for (const id of changes.removedIds) {
      // `/changes` lists a comment held after it was visible (reports, an edit) as removed; the
      // author's own held comment stays until a decision arrives (comment:decided, or `changed`).
      const held = tree.get(id);
      if (held && (held.status === 'pending' || held.status === 'rejected') && isMine(held)) continue;
      remove(id, 'catch-up');
    }
    clock.note(changes.serverTime);
  }

  return { applyCreated, applyUpdated, applyRemoved, applyReactions, applyDecided, applyChanges };
}
