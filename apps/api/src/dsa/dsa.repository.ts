import { Inject, Injectable } from '@nestjs/common';
import type {
  DsaAction,
  DsaAppealOutcome,
  DsaAppellant,
  DsaCategory,
  DsaNoticeStatus,
  DsaAppealStatus,
} from '@parley/db';
import { sql } from '@parley/db';
import type { Locale } from '@parley/shared/i18n';
import type { CursorKey } from '../common/cursor.js';
import { KYSELY } from '../database/database.module.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';

export interface NewNotice {
  commentId: string;
  authorId: string;
  category: DsaCategory;
  explanation: string;
  notifierUserId: string | null;
  notifierName: string | null;
  notifierEmail: string | null;
  notifierTokenHash: string;
  /** The language the notice was filed in. */
  locale: Locale;
}

export interface NoticeDecision {
  action: DsaAction;
  facts: string;
  ground: string;
  automated: boolean;
  redress: string;
}

/** Notices and appeals under the Digital Services Act: the only SQL that touches `dsa_notices` and `dsa_appeals`. */
@Injectable()
export class DsaRepository implements ExecutorBound<DsaRepository> {
  constructor(@Inject(KYSELY) private readonly db: Executor) {}

  withExecutor(executor: Executor): DsaRepository {
    return new DsaRepository(executor);
  }

  insertNotice(notice: NewNotice) {
    return this.db
      .insertInto('dsaNotices')
      .values({ ...notice, goodFaith: true })
      .returning(['id', 'status', 'receivedAt'])
      .executeTakeFirstOrThrow();
  }

  /** The notice's row, locked for a decision, with its comment's status now (null once gone). */
  lockNotice(id: string) {
    return this.db
      .selectFrom('dsaNotices as notice')
      .leftJoin('comments as comment', 'comment.id', 'notice.commentId')
      .selectAll('notice')
      .select('comment.status as commentStatus')
      .where('notice.id', '=', id)
      .forUpdate('notice')
      .executeTakeFirst();
  }

  findNotice(id: string) {
    return this.db.selectFrom('dsaNotices').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async startReview(id: string, moderatorId: string): Promise<void> {
    await this.db
      .updateTable('dsaNotices')
      .set({ status: 'under_review', reviewStartedAt: sql`now()`, reviewedBy: moderatorId })
      .where('id', '=', id)
      .where('status', '=', 'received')
      .execute();
  }

  async decideNotice(id: string, moderatorId: string, decision: NoticeDecision): Promise<void> {
    await this.db
      .updateTable('dsaNotices')
      .set({
        ...decision,
        status: 'decided',
        decidedAt: sql`now()`,
        decidedBy: moderatorId,
        // A notice decided without "take under review" was reviewed by its decider, at once.
        reviewStartedAt: sql`coalesce(review_started_at, now())`,
        reviewedBy: sql`coalesce(reviewed_by, ${moderatorId}::uuid)`,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Notices as moderators list them: the comment, its author and the people involved, by name. */
  private notices() {
    return this.db
      .selectFrom('dsaNotices as notice')
      .leftJoin('comments as comment', 'comment.id', 'notice.commentId')
      .leftJoin('stories as story', 'story.id', 'comment.storyId')
      .leftJoin('users as author', 'author.id', 'notice.authorId')
      .leftJoin('users as notifier', 'notifier.id', 'notice.notifierUserId')
      .leftJoin('users as reviewer', 'reviewer.id', 'notice.reviewedBy')
      .leftJoin('users as decider', 'decider.id', 'notice.decidedBy')
      .selectAll('notice')
      .select([
        'comment.body as commentBody',
        'comment.status as commentStatus',
        'story.url as storyUrl',
        'author.username as authorUsername',
        'notifier.username as notifierUsername',
        'reviewer.username as reviewerUsername',
        'decider.username as deciderUsername',
      ]);
  }

  /** One page of notices, oldest first (a queue: the longest waiting on top). */
  pageNotices(status: DsaNoticeStatus | undefined, limit: number, after?: CursorKey) {
    return this.notices()
      .$if(status !== undefined, (query) => query.where('notice.status', '=', status!))
      .$if(after !== undefined, (query) =>
        query.where(
          sql<boolean>`(notice.received_at, notice.id) > (${after![0]}::timestamptz, ${after![1]}::uuid)`,
        ),
      )
      .orderBy('notice.receivedAt', 'asc')
      .orderBy('notice.id', 'asc')
      .limit(limit + 1)
      .execute();
  }

  noticeView(id: string) {
    return this.notices().where('notice.id', '=', id).executeTakeFirst();
  }

  /** An author's decided notices that removed or restricted their comment, newest decision first. */
  statementsOf(authorId: string, limit: number, after?: CursorKey) {
    return this.notices()
      .where('notice.authorId', '=', authorId)
      .where('notice.status', '=', 'decided')
      .where('notice.action', '<>', 'no_action')
      .$if(after !== undefined, (query) =>
        query.where(
          sql<boolean>`(notice.decided_at, notice.id) < (${after![0]}::timestamptz, ${after![1]}::uuid)`,
        ),
      )
      .orderBy('notice.decidedAt', 'desc')
      .orderBy('notice.id', 'desc')
      .limit(limit + 1)
      .execute();
  }

  insertAppeal(appeal: {
    noticeId: string;
    appellant: DsaAppellant;
    appellantUserId: string | null;
    reason: string;
  }) {
    return this.db
      .insertInto('dsaAppeals')
      .values(appeal)
      .onConflict((conflict) => conflict.columns(['noticeId', 'appellant']).doNothing())
      .returning('id')
      .executeTakeFirst();
  }

  lockAppeal(id: string) {
    return this.db.selectFrom('dsaAppeals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  async decideAppeal(
    id: string,
    moderatorId: string,
    decision: { outcome: DsaAppealOutcome; explanation: string },
  ): Promise<void> {
    await this.db
      .updateTable('dsaAppeals')
      .set({ ...decision, status: 'decided', decidedAt: sql`now()`, decidedBy: moderatorId })
      .where('id', '=', id)
      .execute();
  }

  private appeals() {
    return this.db
      .selectFrom('dsaAppeals as appeal')
      .innerJoin('dsaNotices as notice', 'notice.id', 'appeal.noticeId')
      .leftJoin('users as decider', 'decider.id', 'appeal.decidedBy')
      .leftJoin('users as noticeDecider', 'noticeDecider.id', 'notice.decidedBy')
      .selectAll('appeal')
      .select(['decider.username as deciderUsername', 'noticeDecider.username as noticeDeciderUsername']);
  }

  appealView(id: string) {
    return this.appeals().where('appeal.id', '=', id).executeTakeFirst();
  }

  appealsOf(noticeIds: string[]) {
    if (noticeIds.length === 0) return Promise.resolve([]);
    return this.appeals().where('appeal.noticeId', 'in', noticeIds).orderBy('appeal.receivedAt').execute();
  }

  pageAppeals(status: DsaAppealStatus | undefined, limit: number, after?: CursorKey) {
    return this.appeals()
      .$if(status !== undefined, (query) => query.where('appeal.status', '=', status!))
      .$if(after !== undefined, (query) =>
        query.where(
          sql<boolean>`(appeal.received_at, appeal.id) > (${after![0]}::timestamptz, ${after![1]}::uuid)`,
        ),
      )
      .orderBy('appeal.receivedAt', 'asc')
      .orderBy('appeal.id', 'asc')
      .limit(limit + 1)
      .execute();
  }

  /** Who a mail about a notice goes to: the notifier's given address, the accounts' confirmed ones. */
  mailFacts(noticeId: string) {
    return this.db
      .selectFrom('dsaNotices as notice')
      .leftJoin('users as notifier', 'notifier.id', 'notice.notifierUserId')
      .leftJoin('users as author', 'author.id', 'notice.authorId')
      .leftJoin('comments as comment', 'comment.id', 'notice.commentId')
      .leftJoin('stories as story', 'story.id', 'comment.storyId')
      .selectAll('notice')
      .select([
        sql<
          string | null
        >`case when notifier.email_verified_at is not null and notifier.deleted_at is null then notifier.email end`.as(
          'notifierAccountEmail',
        ),
        sql<
          string | null
        >`case when author.email_verified_at is not null and author.deleted_at is null then author.email end`.as(
          'authorEmail',
        ),
        'notifier.locale as notifierAccountLocale',
        'author.locale as authorLocale',
        'story.url as storyUrl',
        'story.title as storyTitle',
      ])
      .where('notice.id', '=', noticeId)
      .executeTakeFirst();
  }

  /** The report's raw rows for a period: few enough (notices, not comments) to count in code. */
  noticesReceived(from: Date, to: Date) {
    return this.db
      .selectFrom('dsaNotices')
      .select(['category', 'status'])
      .where('receivedAt', '>=', from)
      .where('receivedAt', '<', to)
      .execute();
  }

  noticesDecided(from: Date, to: Date) {
    return this.db
      .selectFrom('dsaNotices')
      .select([
        'action',
        'automated',
        sql<number>`extract(epoch from decided_at - received_at)::float8`.as('seconds'),
      ])
      .where('decidedAt', '>=', from)
      .where('decidedAt', '<', to)
      .execute();
  }

  appealsReceived(from: Date, to: Date) {
    return this.db
      .selectFrom('dsaAppeals')
      .select(['appellant'])
      .where('receivedAt', '>=', from)
      .where('receivedAt', '<', to)
      .execute();
  }

  appealsDecided(from: Date, to: Date) {
    return this.db
      .selectFrom('dsaAppeals')
      .select(['outcome', sql<number>`extract(epoch from decided_at - received_at)::float8`.as('seconds')])
      .where('decidedAt', '>=', from)
      .where('decidedAt', '<', to)
      .execute();
  }
}

export type NoticeRow = NonNullable<Awaited<ReturnType<DsaRepository['noticeView']>>>;
export type AppealRow = NonNullable<Awaited<ReturnType<DsaRepository['appealView']>>>;
