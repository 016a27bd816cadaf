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

/**
 * Why a comment is unwanted: one list for a reader's report and a moderator's rejection, so a
 * report's reason and the decision on it speak the same words.
 */
export const MODERATION_REASONS = ['spam', 'abuse', 'offensive', 'off_topic', 'other'] as const;
export type ModerationReason = (typeof MODERATION_REASONS)[number];
export const REPORT_REASONS = MODERATION_REASONS;
export type ReportReason = ModerationReason;

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

/** `uploading`: its file is arriving; `queued`: waiting for a node; `running`, then `done` or `failed`. */
export const IMPORT_JOB_STATUSES = ['uploading', 'queued', 'running', 'done', 'failed'] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

/** The export formats an import job reads. */
export const IMPORT_JOB_SOURCES = ['disqus', 'wordpress', 'parley'] as const;
export type ImportJobSource = (typeof IMPORT_JOB_SOURCES)[number];

/**
 * What an illegal-content notice (EU Digital Services Act, Art. 16) says the comment is. For
 * `child_sexual_abuse_material` the notifier's name and email are optional, as Art. 16(2)(c) allows.
 */
export const DSA_CATEGORIES = [
  'child_sexual_abuse_material',
  'illegal_hate_speech',
  'terrorist_content',
  'threats_or_incitement_to_violence',
  'defamation',
  'privacy_violation',
  'intellectual_property',
  'scams_and_fraud',
  'other_illegal_content',
] as const;
export type DsaCategory = (typeof DSA_CATEGORIES)[number];

export const DSA_NOTICE_STATUSES = ['received', 'under_review', 'decided'] as const;
export type DsaNoticeStatus = (typeof DSA_NOTICE_STATUSES)[number];

/** What a decision on a notice did to the comment (Art. 17(1)). */
export const DSA_ACTIONS = ['removed', 'restricted', 'no_action'] as const;
export type DsaAction = (typeof DSA_ACTIONS)[number];

/** Who complains against a decision (Art. 20): the comment's author or the notifier. */
export const DSA_APPELLANTS = ['author', 'notifier'] as const;
export type DsaAppellant = (typeof DSA_APPELLANTS)[number];

export const DSA_APPEAL_STATUSES = ['received', 'decided'] as const;
export type DsaAppealStatus = (typeof DSA_APPEAL_STATUSES)[number];

/** `upheld`: the decision stands; `reversed`: it is undone (a hidden comment shown, a kept one hidden). */
export const DSA_APPEAL_OUTCOMES = ['upheld', 'reversed'] as const;
export type DsaAppealOutcome = (typeof DSA_APPEAL_OUTCOMES)[number];
