/** The route catalogue: Notifications. */
import {
  markNotificationsReadSchema,
  notificationCountSchema,
  notificationListQuerySchema,
  notificationPageSchema,
  notificationSettingsSchema,
  unsubscribePageResponseSchema,
  unsubscribeRequestSchema,
  unsubscribeResponseSchema,
  updateNotificationSettingsSchema,
} from '../schemas/notifications.js';
import { defineRoutes } from './define.js';

export const notificationRoutes = defineRoutes({
  listNotifications: {
    tag: 'Notifications',
    summary: 'A page of one’s notifications, newest first, with the unread count',
    access: 'user',
    query: notificationListQuerySchema,
    responses: { 200: { description: 'One page.', body: notificationPageSchema } },
    errors: [],
  },
  markNotificationsRead: {
    tag: 'Notifications',
    summary: 'Mark some (`ids`) or all (`all: true`) notifications read',
    access: 'user',
    body: markNotificationsReadSchema,
    responses: { 200: { description: 'The unread count now.', body: notificationCountSchema } },
    errors: ['notification/rate_limited'],
  },
  getNotificationSettings: {
    tag: 'Notifications',
    summary: 'Notification preferences, and whether the server can send email',
    access: 'user',
    responses: { 200: { description: 'The preferences.', body: notificationSettingsSchema } },
    errors: [],
  },
  updateNotificationSettings: {
    tag: 'Notifications',
    summary: 'Change notification preferences (any subset)',
    access: 'user',
    body: updateNotificationSettingsSchema,
    responses: { 200: { description: 'The preferences now.', body: notificationSettingsSchema } },
    errors: ['notification/email_unavailable', 'notification/rate_limited'],
  },
  unsubscribePage: {
    tag: 'Notifications',
    summary: 'The unsubscribe link in an email: a confirmation page (changes nothing)',
    access: 'public',
    query: unsubscribeRequestSchema,
    responses: {
      200: { description: 'A page whose button makes the POST.', body: unsubscribePageResponseSchema },
    },
    errors: [],
  },
  unsubscribe: {
    tag: 'Notifications',
    summary: 'One-click unsubscribe (RFC 8058): stop every notification email, no sign-in',
    description:
      'The signed `token` comes in the query, as in `List-Unsubscribe`; the body (`List-Unsubscribe=One-Click`) is ignored.',
    access: 'public',
    query: unsubscribeRequestSchema,
    responses: { 200: { description: 'Unsubscribed.', body: unsubscribeResponseSchema } },
    errors: ['notification/invalid_unsubscribe', 'notification/rate_limited'],
  },
});
