import { commentPlainText, REJECT_REASONS, type Notification, type RejectReason } from '@parley/shared';
import type { NotificationRow } from './notifications.repository.js';
import { commentPermalink } from '../common/permalink.js';

const EXCERPT_LENGTH = 200;

/**
 * The start of a comment as one plain line, cut at a character boundary: the format's marks
 * (`*which*`) are taken out by the same parser the page uses, since the bell shows plain text.
 */
export function excerptOf(body: string, length = EXCERPT_LENGTH): string {
  const flat = commentPlainText(body);
  const chars = Array.from(flat);
  return chars.length <= length ? flat : `${chars.slice(0, length - 1).join('')}…`;
}

function rejectReasonOf(reason: string | null): RejectReason | null {
  return (REJECT_REASONS as readonly string[]).includes(reason ?? '') ? (reason as RejectReason) : null;
}

export function toNotification(row: NotificationRow, publicUrl?: string): Notification {
  return {
    id: row.id,
    kind: row.kind,
    decision: row.decision === '' ? null : row.decision,
    reason: row.decision === 'rejected' ? rejectReasonOf(row.rejectReason) : null,
    commentId: row.commentId,
    excerpt: excerptOf(row.commentBody),
    storySlug: row.storySlug,
    storyTitle: row.storyTitle,
    // The story's own page when it has one (the embed shows this bell there too); else the app's
    // relative link, so it works behind any host name.
    permalink: commentPermalink(row.commentId, { url: row.storyUrl }, publicUrl),
    // Moderators act anonymously to readers: a decision names no one.
    actor:
      row.kind !== 'decision' && row.actorId && row.actorUsername
        ? {
            id: row.actorId,
            username: row.actorUsername,
            displayName: row.actorDisplayName!,
            role: row.actorRole!,
          }
        : null,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}
