import { Inject, Injectable } from '@nestjs/common';
import { sql, type CommentStatus } from '@parley/db';
import { SANCTION_ACTIONS, type CommentCounts } from '@parley/shared';
import { newestFirst, type CursorKey } from '../common/cursor.js';
import { KYSELY } from '../database/database.module.js';
import type { Executor } from '../database/transaction-runner.js';

/** The most sanctions the drawer lists: the newest of a long history. */
export const SANCTION_HISTORY_LIMIT = 100;

/** The SQL of the moderation drawer: what a person wrote, reported and was sanctioned for. */
@Injectable()
export class PeopleRepository {
  constructor(@Inject(KYSELY) private readonly db: Executor) {}

  async commentCounts(userId: string): Promise<CommentCounts> {
    return this.db
      .selectFrom('comments')
      .select([
        sql<number>`count(*) filter (where status = 'published')::int`.as('published'),
        sql<number>`count(*) filter (where status = 'pending')::int`.as('pending'),
        sql<number>`count(*) filter (where status = 'approved')::int`.as('approved'),
        sql<number>`count(*) filter (where status = 'rejected')::int`.as('rejected'),
        sql<number>`count(*) filter (where status = 'deleted')::int`.as('deleted'),
      ])
      .where('authorId', '=', userId)
      .executeTakeFirstOrThrow();
  }

  /** Reports they filed, and reports others filed on their comments; each with how many are open. */
  async reportCounts(userId: string) {
    const [made, received] = await Promise.all([
      this.db
        .selectFrom('reports')
        .select([
          sql<number>`count(*)::int`.as('all'),
          sql<number>`count(*) filter (where resolved_at is null)::int`.as('open'),
        ])
        .where('reporterId', '=', userId)
        .executeTakeFirstOrThrow(),
      this.db
        .selectFrom('reports')
        .innerJoin('comments', 'comments.id', 'reports.commentId')
        .select([
          sql<number>`count(*)::int`.as('all'),
          sql<number>`count(*) filter (where reports.resolved_at is null)::int`.as('open'),
        ])
        .where('comments.authorId', '=', userId)
        .executeTakeFirstOrThrow(),
    ]);
    return { made: made.all, madeOpen: made.open, received: received.all, receivedOpen: received.open };
  }

  /** Changes to their standing as the moderation log recorded them, newest first. */
  sanctions(userId: string) {
    return this.db
      .selectFrom('moderationActions as log')
      .leftJoin('users as actor', 'actor.id', 'log.actorId')
      .select([
        'log.id',
        'log.action',
        'log.reason',
        'log.details',
        'log.createdAt',
        'actor.username as actor',
      ])
      .where('log.userId', '=', userId)
      .where('log.action', 'in', [...SANCTION_ACTIONS])
      .orderBy('log.createdAt', 'desc')
      .orderBy('log.id', 'desc')
      .limit(SANCTION_HISTORY_LIMIT)
      .execute();
  }

  /** One page of their comments on every story, newest first, optionally in one status. */
  comments(userId: string, status: CommentStatus | undefined, limit: number, after?: CursorKey) {
    return this.db
      .selectFrom('comments as c')
      .innerJoin('stories as s', 's.id', 'c.storyId')
      .select([
        'c.id',
        'c.parentId',
        'c.body',
        'c.status',
        'c.featured',
        'c.reportCount',
        'c.createdAt',
        'c.editedAt',
        's.id as storyId',
        's.slug as storySlug',
        's.title as storyTitle',
      ])
      .where('c.authorId', '=', userId)
      .$if(status !== undefined, (query) => query.where('c.status', '=', status!))
      .$call(newestFirst(limit, after, 'c'))
      .execute();
  }
}
