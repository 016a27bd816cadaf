import { Inject, Injectable } from '@nestjs/common';
import { sql, type CommentStatus, type DB, type Kysely, type Transaction } from '@parley/db';
import { KYSELY } from '../database/database.module.js';

type Executor = Kysely<DB> | Transaction<DB>;

/** Writes of moderation decisions; reads of queues live in ModerationQueuesRepository. */
@Injectable()
export class ModerationRepository {
  constructor(@Inject(KYSELY) private readonly db: Kysely<DB>) {}

  /**
   * Locks a comment's row, so two moderators deciding it take turns and the second sees the first's
   * decision. The decider's name is read after the lock, not joined into the locking query: when the
   * lock waits for a concurrent decision, Postgres re-reads only the locked row and would keep the
   * join's stale (null) decider.
   */
  async lockComment(trx: Transaction<DB>, id: string) {
    const comment = await trx
      .selectFrom('comments')
      .select(['id', 'status', 'featured', 'reportCount', 'authorId', 'articleId', 'replyCount', 'decidedBy'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!comment) return undefined;
    const decider = comment.decidedBy
      ? await trx
          .selectFrom('users')
          .select('username')
          .where('id', '=', comment.decidedBy)
          .executeTakeFirst()
      : undefined;
    return { ...comment, decidedByName: decider?.username ?? null };
  }

  async decide(
    trx: Transaction<DB>,
    id: string,
    status: CommentStatus,
    moderatorId: string,
    featured?: boolean,
  ): Promise<void> {
    await trx
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

  async setFeatured(trx: Transaction<DB>, id: string, featured: boolean): Promise<void> {
    await trx
      .updateTable('comments')
      .set({ featured, updatedAt: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  }

  /** A decision settles every open report on the comment. */
  async resolveReports(trx: Transaction<DB>, commentId: string): Promise<void> {
    await trx
      .updateTable('reports')
      .set({ resolvedAt: sql<Date>`now()` })
      .where('commentId', '=', commentId)
      .where('resolvedAt', 'is', null)
      .execute();
  }

  /** Comments of a user that a ban with `rejectExisting` takes down. */
  async undecidedOrVisibleOf(userId: string, executor: Executor = this.db) {
    return executor
      .selectFrom('comments')
      .select(['id', 'articleId', 'status', 'reportCount'])
      .where('authorId', '=', userId)
      .where('status', 'in', ['published', 'approved', 'pending'])
      .execute();
  }
}
