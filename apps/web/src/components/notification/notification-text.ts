import type { Notification } from '@parley/shared';
import { REJECT_REASON_LABELS } from '../../api/moderation.js';

/** What one entry says, in words (also its accessible name's first half). */
export function notificationHeadline(notification: Notification): string {
  const who = notification.actor?.displayName || notification.actor?.username || 'Someone';
  switch (notification.kind) {
    case 'reply':
      return `${who} replied to your comment`;
    case 'staff_reply':
      return `${who} (staff) replied to your comment`;
    case 'decision':
      return notification.decision === 'rejected'
        ? notification.reason
          ? `A moderator did not publish your comment: ${REJECT_REASON_LABELS[notification.reason].toLowerCase()}`
          : 'A moderator did not publish your comment'
        : notification.decision === 'featured'
          ? 'Your comment was featured'
          : 'Your comment was approved';
  }
}

/** The bell's accessible name: it always says the count, so a screen reader hears it change. */
export function bellLabel(unread: number): string {
  return unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`;
}
