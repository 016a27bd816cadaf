import { Inject, Injectable } from '@nestjs/common';
import { sql, type CommentStatus } from '@parley/db';
import { KYSELY } from '../database/database.module.js';
import { REPORTABLE_STATUSES } from './queues.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';

/** Writes of moderation decisions; reads of queues live in ModerationQueuesRepository. */
@Injectable()
export class ModerationRepository implements ExecutorBound<ModerationRepository> {
  constructor(@Inject(KYSELY) private readonly db: Executor) {}

  withExecutor(executor: Executor): ModerationRepository {
    return new ModerationRepository(executor);
  }

  /**
   * In a transaction: locks a comment's row, so two moderators deciding it take turns and the second sees the first's
   * decision. The decider's name is read after the lock, not joined into the locking query: when the
   * lock waits for a concurrent decision, Postgres re-reads only the locked row and would keep the
   * join's stale (null) decider.
   */
  async lockComment(id: string) {
    const comment = await this.db
      .selectFrom('comments')
      .select([
        'id',
        'status',
        'featured',
        'reportCount',
        'authorId',
        'storyId',
        'parentId',
        'replyCount',
        'decidedBy',
      ])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!comment) return undefined;
    const decider = comment.decidedBy
      ? await this.db
          .selectFrom('users')
          .select('username')
          .where('id', '=', comment.decidedBy)
          .executeTakeFirst()
      : undefined;
    return { ...comment, decidedByName: decider?.username ?? null };
  }

  /** The author of a comment, to lock their row before the comment's; undefined when there is no such comment. */
  async authorOf(id: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('comments')
      .select('authorId')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.authorId;
  }

  /** The author of each of these comments that exists, by comment id. */
  async authorsOf(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('comments')
      .select(['id', 'authorId'])
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((row) => [row.id, row.authorId]));
  }

  async decide(id: string, status: CommentStatus, moderatorId: string, featured?: boolean): Promise<void> {
    await this.db
      .updateTable('comments')
      .set({
        status,
        decidedBy: moderatorId,
        decidedAt: sql<Date>`now()`,
        updatedAt: sql<Date>`now()`,
        ...(featured !== undefined && { featured }),
      })
      .where('id', '=', id)
      .execute();
  }

  async setFeatured(id: string, featured: boolean): Promise<void> {
    await this.db
      .updateTable('comments')
      .set({ featured, updatedAt: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  }

  /** A decision settles every open report on the comment. */
  async resolveReports(commentId: string): Promise<void> {
    await this.db
      .updateTable('reports')
      .set({ resolvedAt: sql<Date>`now()` })
      .where('commentId', '=', commentId)
      .where('resolvedAt', 'is', null)
      .execute();
  }

  /** Comments of a user that a ban with `rejectExisting` takes down. */
  async undecidedOrVisibleOf(userId: string) {
    return this.db
      .selectFrom('comments')
      .select(['id', 'storyId', 'status', 'reportCount', 'replyCount'])
      .where('authorId', '=', userId)
      .where('status', 'in', [...REPORTABLE_STATUSES])
      .execute();
  }
}
