/** The closed sets of values the tables hold (Postgres checks them too). */

export const USER_ROLES = ['reader', 'moderator', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const USER_STATUSES = ['active', 'suspended', 'banned'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const PREMOD_MODES = ['off', 'links', 'new_users', 'all'] as const;
export type PremodMode = (typeof PREMOD_MODES)[number];

export const COMMENT_STATUSES = ['published', 'pending', 'approved', 'rejected', 'deleted'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

export const MODERATION_FLAGS = [
  'banned_word',
  'suspect_word',
  'link',
  'new_user',
  'premod_all',
  'user_premod',
  'repeat',
  'reports',
  /** The external moderation hook held or rejected it (its reason and labels are on the row). */
  'hook',
  /** Local toxicity scoring held or rejected it (score over the site's threshold; the score is on the row). */
  'toxic',
] as const;
export type ModerationFlag = (typeof MODERATION_FLAGS)[number];

export const REPORT_REASONS = ['spam', 'abuse', 'off_topic', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/**
 * Stories from before stories had URLs (and the seeded one) get `<this>/stories/<slug>` until an
 * admin sets the real one: `.invalid` is reserved (RFC 2606), so it names no real page.
 */
export const PLACEHOLDER_STORY_ORIGIN = 'https://parley.invalid';

export const NOTIFICATION_KINDS = ['reply', 'staff_reply', 'decision'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_CHANNELS = ['off', 'in_app', 'email'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const EMAIL_DELIVERIES = ['immediate', 'hourly', 'daily'] as const;
export type EmailDelivery = (typeof EMAIL_DELIVERIES)[number];

/** What a `decision` notification reports; '' for the other kinds. */
export const NOTIFIED_DECISIONS = ['approved', 'rejected', 'featured'] as const;
export type NotifiedDecision = (typeof NOTIFIED_DECISIONS)[number];

export const REACTION_KINDS = ['like'] as const;
export type ReactionKind = (typeof REACTION_KINDS)[number];

export const OUTBOX_STATUSES = ['pending', 'done', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
