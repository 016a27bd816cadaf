import type { NotificationChannel, NotificationKind, NotifiedDecision } from '@parley/db';
import { isVisible, type NotificationPreferences } from '@parley/shared';
import type { ChangeActor, CommentChange } from '../comments/comment-change.js';
import type { CommentRecord } from '../comments/comment-records.js';

/** The parts of a comment change (CommentChange) the rules read. */
export type NotifiedChange = Pick<CommentChange, 'cause'> & {
  before: Pick<CommentRecord, 'status' | 'featured'> | null;
  after: Pick<CommentRecord, 'id' | 'status' | 'featured' | 'parentId' | 'authorId'>;
  actor: Pick<ChangeActor, 'id'> | null;
};

export interface Planned {
  kind: NotificationKind;
  decision: NotifiedDecision | '';
}

/**
 * Whether this change made the comment visible to readers: a post that went straight up, or a held
 * (or rejected) comment approved. A reply notifies its parent's author exactly then, never before
 * (held) and never for a comment that stays hidden (rejected).
 */
export function becameVisible(change: NotifiedChange): boolean {
  return (change.before === null || !isVisible(change.before)) && isVisible(change.after);
}

/** What a moderator's decision tells the author, if anything: approved, rejected or featured. */
export function decisionOf(change: NotifiedChange): NotifiedDecision | null {
  const { before, after } = change;
  // Only a moderator's decision tells the author anything; the author's own post or edit never.
  const moderatorId = change.cause === 'decided' ? (change.actor?.id ?? null) : null;
  if (!before || !moderatorId || moderatorId === after.authorId) return null;
  if (after.featured && !before.featured) return 'featured';
  if (after.status === 'rejected' && before.status !== 'rejected') return 'rejected';
  // Approving a comment readers already saw (after reports) tells the author nothing new.
  if (after.status === 'approved' && !isVisible(before)) return 'approved';
  return null;
}

/** The channel a recipient gets one kind on: email only with a verified address on a server that sends mail. */
export function channelFor(
  kind: NotificationKind,
  preferences: NotificationPreferences,
  canEmail: boolean,
): NotificationChannel {
  const chosen =
    kind === 'reply'
      ? preferences.reply
      : kind === 'staff_reply'
        ? preferences.staffReply
        : preferences.decision;
  return chosen === 'email' && !canEmail ? 'in_app' : chosen;
}
