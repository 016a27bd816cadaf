import type { Notification } from '@parley/shared';
import { REJECT_REASON_LABELS } from '../../api/moderation.js';

/**
 * What one entry says, split where a person's name starts it: the bell shows the name in its own
 * direction (an Arabic name in an English sentence, or the reverse), the words after it.
 */
export function notificationHeadlineParts(notification: Notification): {
  actor: string | null;
  rest: string;
} {
  const who = notification.actor?.displayName || notification.actor?.username || 'Someone';
  switch (notification.kind) {
    case 'reply':
      return { actor: who, rest: ' replied to your comment' };
    case 'staff_reply':
      return { actor: who, rest: ' (staff) replied to your comment' };
    case 'decision':
      return {
        actor: null,
        rest:
          notification.decision === 'rejected'
            ? notification.reason
              ? `A moderator did not publish your comment: ${REJECT_REASON_LABELS[notification.reason].toLowerCase()}`
              : 'A moderator did not publish your comment'
            : notification.decision === 'featured'
              ? 'Your comment was featured'
              : 'Your comment was approved',
      };
  }
}

/** What one entry says, in words (also its accessible name's first half). */
export function notificationHeadline(notification: Notification): string {
  const { actor, rest } = notificationHeadlineParts(notification);
  return `${actor ?? ''}${rest}`;
}

/** The bell's accessible name: it always says the count, so a screen reader hears it change. */
export function bellLabel(unread: number): string {
  return unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`;
}
