import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Counter, NullableTimestamp, Timestamp } from './schema-columns.js';
import type { DsaAppealsTable, DsaNoticesTable } from './schema-dsa.js';
import type { ImportJobsTable, ImportUploadChunksTable } from './schema-imports.js';
import type { OutboxTable, WebhookDeliveriesTable, WebhooksTable } from './schema-outbox.js';
import type {
  CommentStatus,
  EmailDelivery,
  ModerationFlag,
  NotificationChannel,
  NotificationKind,
  NotifiedDecision,
  PremodMode,
  ReactionKind,
  ReportReason,
  UserRole,
  UserStatus,
} from './schema-values.js';

export * from './schema-values.js';
export type * from './schema-outbox.js';
export type * from './schema-dsa.js';
export type * from './schema-imports.js';

/**
 * Table types for Kysely. Postgres names are snake_case; the database is always opened with
 * `CamelCasePlugin`, so every column is camelCase here and in all application code.
 */

export interface UsersTable {
  id: Generated<string>;
  username: string;
  displayName: string;
  /** argon2id hash; null for single-sign-on users, who have no password (they always have `ssoSubject`). */
  passwordHash: ColumnType<string | null, string | null | undefined, string | null>;
  role: ColumnType<UserRole, UserRole | undefined, UserRole>;
  status: ColumnType<UserStatus, UserStatus | undefined, UserStatus>;
  suspendedUntil: NullableTimestamp;
  banReason: ColumnType<string | null, string | null | undefined, string | null>;
  alwaysPremod: ColumnType<boolean, boolean | undefined, boolean>;
  approvedCount: Counter;
  rejectedCount: Counter;
  createdAt: Generated<Date>;
  /** The host site's user id (the SSO token's `sub`) this account is linked to; null for Parley's own accounts. */
  ssoSubject: ColumnType<string | null, string | null | undefined, string | null>;
  /** Set when the account was deleted; its comments are placeholders and its sessions gone. */
  deletedAt: NullableTimestamp;
  /** Optional; unique ignoring case; never shown to other readers. */
  email: ColumnType<string | null, string | null | undefined, string | null>;
  emailVerifiedAt: NullableTimestamp;
  /** Where an imported account came from (`disqus`, `wordpress`); null for Parley's own. Imported accounts cannot sign in. */
  importSource: ColumnType<string | null, string | null | undefined, never>;
  /** The author's key in that source (username, else email, else name), unique with `importSource`. */
  importKey: ColumnType<string | null, string | null | undefined, never>;
  /** An imported account's address in its source, kept when a reader confirms it (which clears `email`); claims match it. */
  importEmail: ColumnType<string | null, string | null | undefined, string | null>;
  /** The reader who claimed this imported account's comments; the account is retired then. */
  claimedBy: ColumnType<string | null, string | null | undefined, string | null>;
  claimedAt: NullableTimestamp;
  /** The language the reader chose on the account page (a `LOCALES` entry); null until they choose. */
  locale: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface EmailVerificationTokensTable {
  /** sha256 of the emailed token. */
  tokenHash: string;
  userId: string;
  /** The address this token proves; a later change of address voids it. */
  email: string;
  createdAt: Generated<Date>;
  expiresAt: Timestamp;
  usedAt: NullableTimestamp;
}

export interface NotificationSettingsTable {
  userId: string;
  reply: ColumnType<NotificationChannel, NotificationChannel | undefined, NotificationChannel>;
  staffReply: ColumnType<NotificationChannel, NotificationChannel | undefined, NotificationChannel>;
  decision: ColumnType<NotificationChannel, NotificationChannel | undefined, NotificationChannel>;
  delivery: ColumnType<EmailDelivery, EmailDelivery | undefined, EmailDelivery>;
  /** UTC hour of the daily digest. */
  digestHour: ColumnType<number, number | undefined, number>;
  updatedAt: Generated<Date>;
}

export interface NotificationsTable {
  id: Generated<string>;
  userId: string;
  kind: NotificationKind;
  commentId: string;
  /** Who caused it (the replier, the moderator); null once that account is gone. */
  actorId: string | null;
  decision: ColumnType<NotifiedDecision | '', NotifiedDecision | '' | undefined, never>;
  /** Owed by email (immediately, or in the next digest). */
  byEmail: ColumnType<boolean, boolean | undefined, boolean>;
  emailedAt: NullableTimestamp;
  createdAt: Generated<Date>;
  readAt: NullableTimestamp;
}

export interface SessionsTable {
  /** sha256 of the cookie token: a leaked table does not leak live sessions. */
  tokenHash: string;
  /** What the account page names a session by (never its token's hash). */
  id: Generated<string>;
  userId: string;
  createdAt: Generated<Date>;
  expiresAt: Timestamp;
  /** When a request last used it, touched at most every few minutes. */
  lastSeenAt: Generated<Date>;
  /** "Firefox on Linux": a summary of the browser that signed in, never the raw header. */
  userAgent: ColumnType<string | null, string | null | undefined, string | null>;
}

/** `jti`s of SSO tokens already used, kept until the token expires (then it is refused as expired anyway). */
export interface SsoUsedTokensTable {
  jti: string;
  expiresAt: Timestamp;
}

export interface StoriesTable {
  id: Generated<string>;
  slug: string;
  title: string;
  /** Paragraphs separated by a blank line. */
  body: string;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  publishedAt: Timestamp;
  commentsOpen: ColumnType<boolean, boolean | undefined, boolean>;
  premod: ColumnType<PremodMode, PremodMode | undefined, PremodMode>;
  /**
   * The base of the visible-comment count: the count is this plus the deltas in
   * `story_comment_counts` (read it through StoriesRepository, never this column alone).
   */
  commentCount: Counter;
  createdAt: Generated<Date>;
  /**
   * The canonical URL of the story's page, stored normalized (`normalizeStoryUrl` in shared), so
   * the unique index holds for every spelling of one address.
   */
  url: ColumnType<string, string | undefined, string>;
  /** The host CMS's own id for the story (`story-id` in the embed); it wins over the URL. */
  externalId: ColumnType<string | null, string | null | undefined, string | null>;
  /** Where an imported story came from (`disqus`, `wordpress`), and its id there; null when made in Parley. */
  importSource: ColumnType<string | null, string | null | undefined, never>;
  importId: ColumnType<string | null, string | null | undefined, never>;
}

export interface CommentsTable {
  id: Generated<string>;
  storyId: string;
  parentId: string | null;
  /** The top-level comment of this thread; equal to `id` for a top-level comment. */
  rootId: string;
  depth: number;
  authorId: string;
  body: string;
  status: CommentStatus;
  flags: ColumnType<ModerationFlag[], ModerationFlag[] | undefined, ModerationFlag[]>;
  /** Words that matched the banned or suspect lists, for highlighting in the queue. */
  matchedWords: ColumnType<string[], string[] | undefined, string[]>;
  /** The external moderation hook's reason for its answer (PARLEY_MODERATION_HOOK_URL); null when it gave none. */
  hookReason: ColumnType<string | null, string | null | undefined, string | null>;
  /** The hook's labels, e.g. { "toxicity": 0.93 }; null when it gave no answer. */
  hookLabels: ColumnType<
    Record<string, string | number | boolean> | null,
    string | null | undefined,
    string | null
  >;
  /** Local toxicity score, 0–1 (PARLEY_TOXICITY_MODEL_DIR); null when not scored. */
  toxicityScore: ColumnType<number | null, number | null | undefined, number | null>;
  /** Each of the model's labels with its probability; null when not scored. */
  toxicityLabels: ColumnType<Record<string, number> | null, string | null | undefined, string | null>;
  /** The author was warned (the nudge) and posted it anyway. */
  postedAnyway: ColumnType<boolean, boolean | undefined, boolean>;
  featured: ColumnType<boolean, boolean | undefined, boolean>;
  editedAt: NullableTimestamp;
  createdAt: Generated<Date>;
  /** Bumped on every change a reader could see; catch-up after a reconnect reads by it. */
  updatedAt: Generated<Date>;
  /** Direct replies that readers can see. */
  replyCount: Counter;
  reactionCount: Counter;
  /** Open (unresolved) reports. */
  reportCount: Counter;
  /** Idempotency key from the browser, unique per author. */
  clientId: string | null;
  /** Who decided the current status, for "already decided by". */
  decidedBy: string | null;
  decidedAt: NullableTimestamp;
  /** When readers first could see it (kept by a trigger); null while it never was. */
  firstListedAt: ColumnType<Date | null, never, never>;
  /** Where an imported comment came from (`disqus`, `wordpress`), and its id there; null when made in Parley. */
  importSource: ColumnType<string | null, string | null | undefined, never>;
  importId: ColumnType<string | null, string | null | undefined, never>;
}

/** The text an edit replaced: one row per edit, oldest first. Staff only; erased with the comment's text. */
export interface CommentRevisionsTable {
  id: Generated<string>;
  commentId: string;
  /** The body before the edit. */
  body: string;
  /** When the edit that replaced this text was made. */
  editedAt: Date;
  /** Who made that edit (null once their account row is gone). */
  editedBy: string | null;
}

export interface ReactionsTable {
  commentId: string;
  userId: string;
  kind: ReactionKind;
  createdAt: Generated<Date>;
}

export interface ReportsTable {
  id: Generated<string>;
  commentId: string;
  reporterId: string;
  reason: ReportReason;
  note: string | null;
  /** Whether it counts toward the report threshold: false from accounts not yet in good standing. */
  countsTowardHold: Generated<boolean>;
  createdAt: Generated<Date>;
  resolvedAt: NullableTimestamp;
}

export interface ModerationActionsTable {
  id: Generated<string>;
  /** Null when the system (the automatic pipeline) acted. */
  actorId: string | null;
  action: string;
  commentId: string | null;
  userId: string | null;
  storyId: string | null;
  reason: string | null;
  details: ColumnType<Record<string, unknown>, Record<string, unknown> | string | undefined, never>;
  createdAt: Generated<Date>;
}

/** A moderator's private note about a person: staff-only, never in that person's export. */
export interface ModeratorNotesTable {
  id: Generated<string>;
  /** The person the note is about. */
  userId: string;
  /** The moderator who wrote it; null once that account is gone. */
  authorId: string | null;
  body: string;
  createdAt: Generated<Date>;
}

export interface SiteSettingsTable {
  /** Always 1: a single row. */
  id: Generated<number>;
  bannedWords: ColumnType<string[], string[] | undefined, string[]>;
  suspectWords: ColumnType<string[], string[] | undefined, string[]>;
  editWindowSeconds: ColumnType<number, number | undefined, number>;
  postIntervalSeconds: ColumnType<number, number | undefined, number>;
  repeatWindowSeconds: ColumnType<number, number | undefined, number>;
  reportThreshold: ColumnType<number, number | undefined, number>;
  /** Toxicity thresholds (0–1), each null when off: warn the author first, hold for review, reject. */
  toxicityWarn: ColumnType<number | null, number | null | undefined, number | null>;
  toxicityHold: ColumnType<number | null, number | null | undefined, number | null>;
  toxicityReject: ColumnType<number | null, number | null | undefined, number | null>;
  updatedAt: Generated<Date>;
  /** HMAC key of unsubscribe links; set by the first node that boots. */
  mailSecret: ColumnType<string | null, string | null | undefined, string | null>;
}

/**
 * Deltas of a story's visible-comment count, kept by the comments trigger on a row per
 * backend (`pg_backend_pid() % 64`), so concurrent posts to one story do not queue on one row.
 */
export interface StoryCommentCountsTable {
  storyId: string;
  shard: number;
  delta: number;
}

/**
 * Comments an import has read and not yet moved into `comments`: filled in committed batches (so a
 * stopped run resumes), emptied by the one transaction that makes them all visible at once.
 */
export interface ImportStagedCommentsTable {
  importSource: string;
  importId: string;
  id: string;
  storyId: string;
  parentId: string | null;
  rootId: string;
  depth: number;
  authorId: string;
  body: string;
  status: CommentStatus;
  /** Set for comments imported as rejected (`spam`): the moderation log row says why. */
  rejectReason: string | null;
  createdAt: Timestamp;
}

export interface DB {
  users: UsersTable;
  storyCommentCounts: StoryCommentCountsTable;
  sessions: SessionsTable;
  stories: StoriesTable;
  comments: CommentsTable;
  commentRevisions: CommentRevisionsTable;
  reactions: ReactionsTable;
  reports: ReportsTable;
  moderationActions: ModerationActionsTable;
  moderatorNotes: ModeratorNotesTable;
  siteSettings: SiteSettingsTable;
  ssoUsedTokens: SsoUsedTokensTable;
  emailVerificationTokens: EmailVerificationTokensTable;
  notificationSettings: NotificationSettingsTable;
  notifications: NotificationsTable;
  outbox: OutboxTable;
  webhooks: WebhooksTable;
  webhookDeliveries: WebhookDeliveriesTable;
  importStagedComments: ImportStagedCommentsTable;
  importJobs: ImportJobsTable;
  importUploadChunks: ImportUploadChunksTable;
  dsaNotices: DsaNoticesTable;
  dsaAppeals: DsaAppealsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Story = Selectable<StoriesTable>;
export type NewStory = Insertable<StoriesTable>;
export type StoryUpdate = Updateable<StoriesTable>;
export type Comment = Selectable<CommentsTable>;
export type NewComment = Insertable<CommentsTable>;
export type CommentUpdate = Updateable<CommentsTable>;
export type CommentRevision = Selectable<CommentRevisionsTable>;
export type Report = Selectable<ReportsTable>;
export type ModerationAction = Selectable<ModerationActionsTable>;
export type ModeratorNote = Selectable<ModeratorNotesTable>;
export type SiteSettings = Selectable<SiteSettingsTable>;
export type Notification = Selectable<NotificationsTable>;
export type NotificationSettings = Selectable<NotificationSettingsTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type ImportJobRow = Selectable<ImportJobsTable>;
export type Webhook = Selectable<WebhooksTable>;
export type WebhookDelivery = Selectable<WebhookDeliveriesTable>;
