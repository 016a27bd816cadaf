import type { Notification } from '@parley/shared';
import { isolate } from '../../i18n/isolate.js';
import type { Translate } from '../../i18n/localization.js';

/** What one entry says, in words (also its accessible name's first half); a name keeps its own direction. */
export function notificationHeadline(notification: Notification, t: Translate): string {
  const name = notification.actor?.displayName || notification.actor?.username;
  const who = name ? isolate(name) : t('notifications.someone');
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
