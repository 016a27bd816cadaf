import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types for Kysely. Postgres names are snake_case; the database is always opened with
 * `CamelCasePlugin`, so every column is camelCase here and in all application code.
 */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** Counters are maintained by triggers; application code reads them and never writes them. */
type Counter = ColumnType<number, never, never>;

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
] as const;
export type ModerationFlag = (typeof MODERATION_FLAGS)[number];

export const REPORT_REASONS = ['spam', 'abuse', 'off_topic', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/**
 * Stories from before stories had URLs (and the seeded one) get `<this>/stories/<slug>` until an
 * admin sets the real one: `.invalid` is reserved (RFC 2606), so it names no real page.
 */
export const PLACEHOLDER_STORY_ORIGIN = 'https://parley.invalid';

export const REACTION_KINDS = ['like'] as const;
export type ReactionKind = (typeof REACTION_KINDS)[number];

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
}

export interface SessionsTable {
  /** sha256 of the cookie token: a leaked table does not leak live sessions. */
  tokenHash: string;
  userId: string;
  createdAt: Generated<Date>;
  expiresAt: Timestamp;
}

/** `jti`s of SSO tokens already used, kept until the token expires (then it is refused as expired anyway). */
export interface SsoUsedTokensTable {
  jti: string;
  expiresAt: Timestamp;
}

export interface ArticlesTable {
  id: Generated<string>;
  slug: string;
  title: string;
  /** Paragraphs separated by a blank line. */
  body: string;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  publishedAt: Timestamp;
  commentsOpen: ColumnType<boolean, boolean | undefined, boolean>;
  premod: ColumnType<PremodMode, PremodMode | undefined, PremodMode>;
  /** Visible comments (published or approved), kept by a trigger. */
  commentCount: Counter;
  createdAt: Generated<Date>;
  /**
   * The canonical URL of the story's page, stored normalized (`normalizeStoryUrl` in shared), so
   * the unique index holds for every spelling of one address.
   */
  url: ColumnType<string, string | undefined, string>;
  /** The host CMS's own id for the story (`story-id` in the embed); it wins over the URL. */
  externalId: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface CommentsTable {
  id: Generated<string>;
  articleId: string;
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
  articleId: string | null;
  reason: string | null;
  details: ColumnType<Record<string, unknown>, Record<string, unknown> | string | undefined, never>;
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
  updatedAt: Generated<Date>;
}

export interface DB {
  users: UsersTable;
  sessions: SessionsTable;
  articles: ArticlesTable;
  comments: CommentsTable;
  reactions: ReactionsTable;
  reports: ReportsTable;
  moderationActions: ModerationActionsTable;
  siteSettings: SiteSettingsTable;
  ssoUsedTokens: SsoUsedTokensTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Article = Selectable<ArticlesTable>;
export type NewArticle = Insertable<ArticlesTable>;
export type ArticleUpdate = Updateable<ArticlesTable>;
export type Comment = Selectable<CommentsTable>;
export type NewComment = Insertable<CommentsTable>;
export type CommentUpdate = Updateable<CommentsTable>;
export type Report = Selectable<ReportsTable>;
export type ModerationAction = Selectable<ModerationActionsTable>;
export type SiteSettings = Selectable<SiteSettingsTable>;
