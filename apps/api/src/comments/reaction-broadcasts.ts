import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AfterCommitTasks } from '../database/after-commit.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { CommentFeedbackRepository } from './comment-feedback.repository.js';

/** At most one `reactions:updated` per comment in this long, per node. */
export const REACTION_BROADCAST_INTERVAL_MS = 1000;

interface Pending {
  storyId: string;
  /** A change came after the count of the last broadcast was read: another broadcast must follow. */
  dirty: boolean;
  timer: NodeJS.Timeout | null;
}

/**
 * Coalesces `reactions:updated`: a burst of likes on one comment would otherwise write one
 * broadcast to the whole room per click. The first change of a quiet comment goes out at once; the
 * ones within the next second make a single broadcast at its end. Each broadcast reads the count
 * when it goes out, so the last one carries the count the database holds after the last change.
 * Per node: with several nodes a room gets at most one a second from each node that saw changes.
 */
@Injectable()
export class ReactionBroadcasts implements OnModuleDestroy {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly comments: CommentFeedbackRepository,
    private readonly realtime: RealtimeService,
    private readonly afterCommit: AfterCommitTasks,
  ) {}

  /** A reaction to the comment was added or removed (committed). */
  changed(storyId: string, commentId: string): void {
    const entry = this.pending.get(commentId);
    if (entry) {
      entry.dirty = true;
      return;
    }
    this.pending.set(commentId, { storyId, dirty: false, timer: null });
    this.broadcast(commentId);
  }

  onModuleDestroy(): void {
    for (const entry of this.pending.values()) if (entry.timer) clearTimeout(entry.timer);
    this.pending.clear();
  }

  private broadcast(commentId: string): void {
    const entry = this.pending.get(commentId)!;
    entry.dirty = false;
    const work = this.comments.reactionCount(commentId).then(
      (like) => this.realtime.reactionsUpdated(entry.storyId, { id: commentId, counts: { like } }),
      (error: unknown) => {
        // Readers catch up on the count with the next change or the next page load.
        this.pending.delete(commentId);
        throw error;
      },
    );
    this.afterCommit.track(work.then(() => this.coolDown(commentId, entry)));
  }

  /** Holds further broadcasts of the comment for the interval, then sends one if anything changed. */
  private coolDown(commentId: string, entry: Pending): void {
    if (this.pending.get(commentId) !== entry) return;
    entry.timer = setTimeout(() => {
      entry.timer = null;
      if (entry.dirty) this.broadcast(commentId);
      else this.pending.delete(commentId);
    }, REACTION_BROADCAST_INTERVAL_MS);
    entry.timer.unref();
  }
}
