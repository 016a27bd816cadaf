import { Inject, Injectable } from '@nestjs/common';
import { sql, type DB, type Kysely } from '@parley/db';
import type { Queue, QueueCounts } from '@parley/shared';
import { newestFirst, type CursorKey } from '../common/cursor.js';
import { KYSELY } from '../database/database.module.js';
import { QUEUE_CONDITION } from './queues.js';

@Injectable()
export class ModerationQueuesRepository {
  constructor(@Inject(KYSELY) private readonly db: Kysely<DB>) {}

  /** Ids of one page of a queue, newest first. */
  async page(queue: Queue, storyId: string | undefined, limit: number, after?: CursorKey) {
    let query = this.db
      .selectFrom('comments')
      .select(['comments.id', 'comments.createdAt'])
      .where(QUEUE_CONDITION[queue]);
    if (storyId) query = query.where('comments.storyId', '=', storyId);
    return query.$call(newestFirst(limit, after, 'comments')).execute();
  }

  /**
   * Ids of one page of a queue by toxicity score, highest first, unscored last (as -1), then newest
   * first; `after` is SCORE_FIRST_CURSOR's key. Unmoderated has an index in this order.
   */
  async pageByScore(queue: Queue, storyId: string | undefined, limit: number, after?: CursorKey) {
    const scoreKey = sql<number>`coalesce(comments.toxicity_score, -1)`;
    let query = this.db
      .selectFrom('comments')
      .select(['comments.id', 'comments.createdAt', scoreKey.as('scoreKey')])
      .where(QUEUE_CONDITION[queue]);
    if (storyId) query = query.where('comments.storyId', '=', storyId);
    if (after) {
      query = query.where(
        sql<boolean>`(${scoreKey}, comments.created_at, comments.id) < (${after[0]}::real, ${after[1]}::timestamptz, ${after[2]}::uuid)`,
      );
    }
    return query
      .orderBy(scoreKey, 'desc')
      .orderBy('comments.createdAt', 'desc')
      .orderBy('comments.id', 'desc')
      .limit(limit + 1)
      .execute();
  }

  async counts(storyId?: string): Promise<QueueCounts> {
    const story = storyId ? sql`and comments.story_id = ${storyId}` : sql``;
    const result = await sql<QueueCounts>`
      select
        count(*) filter (where ${QUEUE_CONDITION.pending})::int as pending,
        count(*) filter (where ${QUEUE_CONDITION.reported})::int as reported,
        count(*) filter (where ${QUEUE_CONDITION.unmoderated})::int as unmoderated,
        count(*) filter (where ${QUEUE_CONDITION.approved})::int as approved,
        count(*) filter (where ${QUEUE_CONDITION.rejected})::int as rejected
      from comments
      where comments.status <> 'deleted' ${story}`.execute(this.db);
    return result.rows[0]!;
  }

  /** Open reports of these comments, with the reporter's name. */
  reportsOf(commentIds: string[]) {
    if (commentIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('reports')
      .innerJoin('users', 'users.id', 'reports.reporterId')
      .select([
        'reports.commentId',
        'reports.reason',
        'reports.note',
        'reports.createdAt',
        'users.username as reporter',
      ])
      .where('reports.commentId', 'in', commentIds)
      .where('reports.resolvedAt', 'is', null)
      .orderBy('reports.createdAt')
      .execute();
  }

  authorsOf(userIds: string[]) {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('users').selectAll().where('id', 'in', userIds).execute();
  }

  storiesOf(storyIds: string[]) {
    if (storyIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('stories')
      .select(['id', 'slug', 'title'])
      .where('id', 'in', storyIds)
      .execute();
  }

  deciderNames(userIds: string[]) {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('users').select(['id', 'username']).where('id', 'in', userIds).execute();
  }
}
