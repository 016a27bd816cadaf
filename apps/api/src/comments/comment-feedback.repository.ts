import { Inject, Injectable } from '@nestjs/common';
import { sql, type ModerationFlag, type ReportReason } from '@parley/db';
import { VISIBLE_STATUSES } from '@parley/shared';
import { KYSELY } from '../database/database.module.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';
import { findCommentRecord, lockCommentRecord, type CommentRecord } from './comment-records.js';

/** What readers do to others' comments: reactions and reports, and the hold that reports trigger. */
@Injectable()
export class CommentFeedbackRepository implements ExecutorBound<CommentFeedbackRepository> {
  constructor(@Inject(KYSELY) private readonly db: Executor) {}

  withExecutor(executor: Executor): CommentFeedbackRepository {
    return new CommentFeedbackRepository(executor);
  }

  findById(id: string): Promise<CommentRecord | undefined> {
    return findCommentRecord(this.db, id);
  }

  /** In a transaction: locks a comment's row until it ends, then reads it (see lockCommentRecord). */
  lockById(id: string): Promise<CommentRecord | undefined> {
    return lockCommentRecord(this.db, id);
  }

  /** Adds a reaction; false when it was already there. */
  async addReaction(commentId: string, userId: string): Promise<boolean> {
    const result = await this.db
      .insertInto('reactions')
      .values({ commentId, userId, kind: 'like' })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async removeReaction(commentId: string, userId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('reactions')
      .where('commentId', '=', commentId)
      .where('userId', '=', userId)
      .where('kind', '=', 'like')
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async reactionCount(commentId: string): Promise<number> {
    const row = await this.db
      .selectFrom('comments')
      .select('reactionCount')
      .where('id', '=', commentId)
      .executeTakeFirst();
    return row?.reactionCount ?? 0;
  }

  /** Files a report; false when this reporter already reported the comment. */
  async addReport(
    commentId: string,
    reporterId: string,
    reason: ReportReason,
    note: string | null,
    countsTowardHold: boolean,
  ): Promise<boolean> {
    const result = await this.db
      .insertInto('reports')
      .values({ commentId, reporterId, reason, note, countsTowardHold })
      .onConflict((oc) => oc.columns(['commentId', 'reporterId']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Whether the user has a comment every reader can see (published, or approved by a moderator). */
  async hasVisibleComment(authorId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('comments')
      .select('id')
      .where('authorId', '=', authorId)
      .where('status', 'in', [...VISIBLE_STATUSES])
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Holds a published comment for review once its open reports that count toward a hold (from
   * reporters in good standing) reach the threshold; true when it did. `report_count` counts every
   * open report, for the queues; this is the one place the threshold is compared.
   */
  async holdForReports(commentId: string, threshold: number): Promise<boolean> {
    const result = await this.db
      .updateTable('comments')
      .set({
        status: 'pending',
        flags: sql<ModerationFlag[]>`array_append(array_remove(flags, 'reports'), 'reports')`,
        updatedAt: sql<Date>`now()`,
      })
      .where('id', '=', commentId)
      .where('status', '=', 'published')
      .where(
        (eb) =>
          eb
            .selectFrom('reports')
            .select((count) => count.fn.countAll<number>().as('counted'))
            .whereRef('reports.commentId', '=', 'comments.id')
            .where('reports.resolvedAt', 'is', null)
            .where('reports.countsTowardHold', '=', true),
        '>=',
        threshold,
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
