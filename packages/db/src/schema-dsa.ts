import type { ColumnType, Generated, Selectable } from 'kysely';
import type { NullableTimestamp } from './schema-columns.js';
import type {
  DsaAction,
  DsaAppealOutcome,
  DsaAppealStatus,
  DsaAppellant,
  DsaCategory,
  DsaNoticeStatus,
} from './schema-values.js';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

/** A notice of illegal content (DSA Art. 16) and, once decided, its statement of reasons (Art. 17). */
export interface DsaNoticesTable {
  id: Generated<string>;
  /** The comment noticed; null once its row is gone (the notice stays for the record). */
  commentId: string | null;
  /** The comment's author when the notice came in: who a statement of reasons goes to. */
  authorId: string | null;
  category: DsaCategory;
  explanation: string;
  /** The signed-in reader who filed it; null for a visitor. */
  notifierUserId: string | null;
  notifierName: string | null;
  notifierEmail: string | null;
  /** sha256 of the token that lets a notifier without an account appeal the decision. */
  notifierTokenHash: string;
  goodFaith: boolean;
  status: ColumnType<DsaNoticeStatus, DsaNoticeStatus | undefined, DsaNoticeStatus>;
  receivedAt: Generated<Date>;
  reviewStartedAt: NullableTimestamp;
  reviewedBy: Nullable<string>;
  decidedAt: NullableTimestamp;
  decidedBy: Nullable<string>;
  action: Nullable<DsaAction>;
  facts: Nullable<string>;
  ground: Nullable<string>;
  automated: Nullable<boolean>;
  redress: Nullable<string>;
  /** The language the notice was filed in (a `LOCALES` entry): a visitor's mail goes out in it. */
  locale: Nullable<string>;
}

/** A complaint against a notice's decision (DSA Art. 20), decided by a different moderator. */
export interface DsaAppealsTable {
  id: Generated<string>;
  noticeId: string;
  appellant: DsaAppellant;
  appellantUserId: string | null;
  reason: string;
  status: ColumnType<DsaAppealStatus, DsaAppealStatus | undefined, DsaAppealStatus>;
  receivedAt: Generated<Date>;
  decidedAt: NullableTimestamp;
  decidedBy: Nullable<string>;
  outcome: Nullable<DsaAppealOutcome>;
  explanation: Nullable<string>;
}

export type DsaNotice = Selectable<DsaNoticesTable>;
export type DsaAppeal = Selectable<DsaAppealsTable>;
