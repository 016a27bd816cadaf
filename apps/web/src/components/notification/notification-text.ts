import type { Notification } from '@parley/shared';
import type { Translate } from '../../i18n/localization.js';

/** What one entry says, in words (also its accessible name's first half). */
export function notificationHeadline(notification: Notification, t: Translate): string {
  const who = notification.actor?.displayName || notification.actor?.username || t('notifications.someone');
  switch (notification.kind) {
    case 'reply':
      return t('notifications.reply', { who });
    case 'staff_reply':
      return t('notifications.staffReply', { who });
    case 'decision':
      return notification.decision === 'rejected'
        ? notification.reason
          ? t('notifications.rejectedBecause', { reason: t(`notifications.reasons.${notification.reason}`) })
          : t('notifications.rejected')
        : notification.decision === 'featured'
          ? t('notifications.featured')
          : t('notifications.approved');
  }
}

/** The bell's accessible name: it always says the count, so a screen reader hears it change. */
export function bellLabel(unread: number, t: Translate): string {
  return t('notifications.bell', { count: unread });
}
