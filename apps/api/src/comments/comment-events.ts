import type { CommentRecord } from './comment-records.js';

/** Raised once after every committed change of a comment's state, whoever made it. */
export const COMMENT_CHANGED = 'comment.changed';

/** What the rules about a change need of the comment as it was. */
export type CommentState = Pick<CommentRecord, 'status' | 'replyCount' | 'reportCount'>;

export interface CommentChanged {
  /**
   * What changed it. Readers' events follow from `before` and `after` alone, except that a report
   * changes nothing readers see, and only a moderator's decision is told to the author.
   */
  cause: 'posted' | 'edited' | 'deleted' | 'reported' | 'decided' | 'banned';
  /** The comment before the change; null when it was just posted. */
  before: CommentState | null;
  /** The comment as committed: the caller read it anyway, so the listener adds no query. */
  after: CommentRecord;
  /** The socket of the author who posted it, which shows the comment already. */
  socketId?: string;
}

declare module '../events/domain-events.js' {
  interface DomainEventMap {
    [COMMENT_CHANGED]: CommentChanged;
  }
}
