import {
  EMAIL_DELIVERIES,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  NOTIFIED_DECISIONS,
} from '@parley/db/schema';
import { z } from 'zod';
import { FIELD_MESSAGES } from '../field-messages.js';
import { idSchema, isoDateSchema, pageOf } from './common.js';
import { rejectReasonSchema } from './moderation.js';
import { publicUserSchema } from './users.js';

export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);
export const notificationChannelSchema = z.enum(NOTIFICATION_CHANNELS);
export const emailDeliverySchema = z.enum(EMAIL_DELIVERIES);

/** One entry of `GET /api/me/notifications` and the `notification:created` event. */
export const notificationSchema = z.object({
  id: idSchema,
  kind: notificationKindSchema,
  /** For `decision`: what the moderator did. */
  decision: z.enum(NOTIFIED_DECISIONS).nullable(),
  /** For a `rejected` decision: the moderator's reason; null when none was given, and for the rest. */
  reason: rejectReasonSchema.nullable(),
  commentId: idSchema,
  /** The start of the comment's text (plain, at most 200 characters). */
  excerpt: z.string(),
  storySlug: z.string(),
  storyTitle: z.string(),
  /** Where the comment is: the site's permalink path, or the story's own page for embedded stories. */
  permalink: z.string(),
  /** Who replied; null for decisions (moderators stay anonymous) and for accounts that are gone. */
  actor: publicUserSchema.nullable(),
  createdAt: isoDateSchema,
  readAt: isoDateSchema.nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationPageSchema = pageOf(notificationSchema).extend({ unread: z.number().int() });
export type NotificationPage = z.infer<typeof notificationPageSchema>;

export const notificationListQuerySchema = z.object({
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type NotificationListQuery = z.infer<typeof notificationListQuerySchema>;

export const markNotificationsReadSchema = z.union([
  z.object({ ids: z.array(idSchema).min(1).max(100) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);
export type MarkNotificationsRead = z.infer<typeof markNotificationsReadSchema>;

export const notificationCountSchema = z.object({ unread: z.number().int().min(0) });
export type NotificationCount = z.infer<typeof notificationCountSchema>;

export const notificationPreferencesSchema = z.object({
  reply: notificationChannelSchema,
  staffReply: notificationChannelSchema,
  decision: notificationChannelSchema,
  delivery: emailDeliverySchema,
  /** UTC hour (0–23) of the daily digest. */
  digestHour: z.number().int().min(0).max(23),
});
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;

/** `GET /api/me/notifications/settings`. */
export const notificationSettingsSchema = notificationPreferencesSchema.extend({
  /** Whether the server can send mail at all (SMTP_URL); when false, hide every email option. */
  emailAvailable: z.boolean(),
  email: z.string().nullable(),
  emailVerified: z.boolean(),
});
export type NotificationSettingsView = z.infer<typeof notificationSettingsSchema>;

/** `PUT /api/me/notifications/settings`: any subset of the preferences. */
export const updateNotificationSettingsSchema = notificationPreferencesSchema.partial().strict();
export type UpdateNotificationSettings = z.infer<typeof updateNotificationSettingsSchema>;

/** `POST /api/unsubscribe` (also `?token=` in the query, as RFC 8058 mail clients send it). */
export const unsubscribeRequestSchema = z.object({
  token: z
    .string()
    .min(10)
    .max(300)
    .regex(/^[A-Za-z0-9_.-]+$/, { error: FIELD_MESSAGES.linkIncomplete }),
});
export type UnsubscribeRequest = z.infer<typeof unsubscribeRequestSchema>;

export const verifyEmailQuerySchema = z.object({
  token: z
    .string()
    .min(10)
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, { error: FIELD_MESSAGES.linkIncomplete }),
});

/** `POST /api/auth/verify-email` answered as JSON (an API client); a browser gets a page. */
export const verifyEmailResponseSchema = z.object({ verified: z.literal(true) });
/** `GET /api/auth/verify-email` answered as JSON: what confirms it (a GET changes nothing). */
export const verifyEmailPageResponseSchema = z.object({ confirm: z.string() });
/** `POST /api/unsubscribe` answered as JSON; a browser gets a page. */
export const unsubscribeResponseSchema = z.object({ unsubscribed: z.literal(true) });
/** `GET /api/unsubscribe` answered as JSON: what confirms it (a GET changes nothing). */
export const unsubscribePageResponseSchema = z.object({ confirm: z.string() });
