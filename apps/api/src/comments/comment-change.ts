import type { RejectReason, ReportReason } from '@parley/shared';
import type { CommentRecord } from './comment-records.js';

/** Raised once after every committed change of a comment, whoever made it (CommentChangePublisher). */
export const COMMENT_CHANGED = 'comment.changed';

/** What made the change. Every side effect of a change derives from this, `before` and `after`. */
/** `claimed`: a reader claimed an imported account's comments; they show under the reader's name now. */
export type CommentChangeCause =
  'posted' | 'edited' | 'deleted' | 'reported' | 'decided' | 'banned' | 'claimed';

/** A moderator's decision, by name. */
export type Decision = 'approve' | 'reject' | 'feature' | 'unfeature';

/** Who made a change: the author, a reporter, a moderator, an admin. */
export interface ChangeActor {
  id: string;
  username: string;
}

interface ChangeOf<C extends CommentChangeCause, B extends CommentRecord | null> {
  cause: C;
  /** The comment before the change; null when it was just posted. */
  before: B;
  /** The comment as the change left it, read inside the change's transaction. */
  after: CommentRecord;
  actor: ChangeActor | null;
  /** The socket of the author who posted it, which shows the comment already. */
  socketId?: string;
}

/**
 * One change of one comment: the writer changes rows, then describes the change with this, and the
 * recorder (log row, webhook event, notifications, in the transaction) and the publisher (cache,
 * `comment.changed`, after commit) derive every consequence from it.
 */
export type CommentChange =
  | ChangeOf<'posted', null>
  | ChangeOf<'edited' | 'deleted' | 'banned' | 'claimed', CommentRecord>
  | (ChangeOf<'reported', CommentRecord> & {
      report: { reason: ReportReason; countsTowardHold: boolean; threshold: number; byStaff: boolean };
    })
  | (ChangeOf<'decided', CommentRecord> & { decision: { kind: Decision; reason: RejectReason | null } });

declare module '../events/domain-events.js' {
  interface DomainEventMap {
    [COMMENT_CHANGED]: CommentChange;
  }
}
