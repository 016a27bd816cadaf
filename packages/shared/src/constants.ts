/**
 * The contract's own constants and rules, shared by the schemas and, without zod, by the web app
 * (through `@parley/shared/values`).
 */
import { MODERATION_REASONS, type CommentStatus, type ModerationReason } from '@parley/db/schema';

/** The longest comment body, in characters (after trimming). */
export const COMMENT_MAX_LENGTH = 5000;
export const COMMENT_SORTS = ['newest', 'oldest', 'top', 'replies'] as const;
/**
 * The deepest a reply can sit (0 = top level). A reply to a comment at this depth joins it as a
 * sibling, under the same parent, so chains stay readable; a permalink has at most this many ancestors.
 */
export const MAX_REPLY_DEPTH = 8;

/** The moderation queues, in the order the moderation page shows them. */
export const QUEUES = ['pending', 'reported', 'unmoderated', 'approved', 'rejected'] as const;
/** A moderator rejects for the same reasons a reader reports (`MODERATION_REASONS`). */
export const REJECT_REASONS = MODERATION_REASONS;
/** The words for each reason, the same in the reader's report dialog and the moderator's reject choice. */
export const MODERATION_REASON_LABELS: Record<ModerationReason, string> = {
  spam: 'Spam or advertising',
  abuse: 'Abuse or harassment',
  offensive: 'Offensive',
  off_topic: 'Off topic',
  other: 'Other reason',
};

/** What the moderation log records, the values its `action` filter takes. */
export const MODERATION_LOG_ACTIONS = [
  'approve',
  'reject',
  'feature',
  'unfeature',
  'auto_hold',
  'auto_reject',
  'suspend',
  'ban',
  'unban',
  'premod_on',
  'premod_off',
  'role_moderator',
  'role_reader',
  'user_note',
  'delete_account',
  'story_create',
  'story_update',
  'story_merge',
  'word_lists',
  'dsa_notice',
  'dsa_decision',
  'dsa_appeal_decision',
  'claim_import',
  'toxicity_thresholds',
  'import_start',
] as const;
/** The export formats an admin can import from /moderate (and `parley import`). */
export const IMPORT_FORMATS = ['disqus', 'wordpress', 'parley'] as const;
export type ImportFormatName = (typeof IMPORT_FORMATS)[number];
/**
 * Why an import left a post or a thread out, or put an answer at the top level: a stable code in the
 * job's report, worded by the web as `moderate.imports.reasons.<code>` (and by `parley import` in
 * English). `parent_missing` names the post it answers in its `parent` parameter.
 */
export const IMPORT_SKIP_REASONS = [
  'duplicate_id',
  'no_id',
  'thread_missing',
  'thread_deleted',
  'thread_unidentified',
  'no_posts',
  'no_time',
  'spam_skipped',
  'deleted_no_replies',
  'no_text',
  'pingback',
  'trackback',
  'trash',
  'parent_missing',
] as const;
export type ImportSkipReason = (typeof IMPORT_SKIP_REASONS)[number];
/** The phases an import's report times, in order (`moderate.imports.reportPhases.<phase>`). */
export const IMPORT_REPORT_PHASES = [
  'reading',
  'stories',
  'authors',
  'checking',
  'staging',
  'publishing',
] as const;
export type ImportReportPhase = (typeof IMPORT_REPORT_PHASES)[number];

/** The suspensions a moderator can choose, in hours. */
export const SUSPEND_HOURS = [1, 3, 24, 168] as const;

/** The longest moderator note about a person, in characters (after trimming). */
export const MODERATOR_NOTE_MAX_LENGTH = 2000;
/** What the moderation log records as a change to a person's standing (the drawer's history). */
export const SANCTION_ACTIONS = [
  'suspend',
  'ban',
  'unban',
  'premod_on',
  'premod_off',
  'role_reader',
  'role_moderator',
  'delete_account',
] as const;
/** How many comments one bulk moderation decision may name. */
export const BULK_DECISION_MAX = 100;

/** Matching is by whole words and phrases of up to five words (see the API's WordMatcher). */
export const WORD_LIST_MAX_WORDS = 5;

/**
 * What every reader may see: published, or approved from a queue. The one list: `isVisible` here and
 * the API's SQL conditions (comments/visibility.ts) derive from it.
 */
export const VISIBLE_STATUSES = ['published', 'approved'] as const satisfies readonly CommentStatus[];

export function isVisible(comment: { status: CommentStatus }): boolean {
  return (VISIBLE_STATUSES as readonly CommentStatus[]).includes(comment.status);
}

/** Moderators and administrators. */
export function isStaff(user: { role: string } | null | undefined): boolean {
  return user?.role === 'moderator' || user?.role === 'admin';
}

/**
 * Events a webhook can receive. `comment.created`: a comment readers can see was posted;
 * `comment.held`: a comment went to the review queue (held at posting, or by reports);
 * `comment.decided`: a moderator approved, rejected, featured or unfeatured one;
 * `comment.reported`: a reader reported one; `story.created`: a story was added;
 * `user.banned`: an account was banned.
 */
export const WEBHOOK_EVENTS = [
  'comment.created',
  'comment.held',
  'comment.decided',
  'comment.reported',
  'story.created',
  'user.banned',
] as const;

/** How long after a notice's decision its author or notifier may appeal it (DSA Art. 20(1): at least six months). */
export const DSA_APPEAL_WINDOW_DAYS = 183;
/** Longest explanation, facts or appeal reason in a DSA notice or decision. */
export const DSA_TEXT_MAX_LENGTH = 5000;
