import { Inject, Injectable } from '@nestjs/common';
import { sql, type CommentStatus, type DB, type Kysely } from '@parley/db';
import { newestFirst, type CursorKey } from '../common/cursor.js';
import { statusInSql } from '../common/status-sql.js';
import { KYSELY } from '../database/database.module.js';

/** What "my comments" shows of each (`GET /api/me/comments`). */
export interface MyCommentRecord {
  id: string;
  body: string;
  status: CommentStatus;
  createdAt: Date;
  editedAt: Date | null;
  slug: string;
  title: string;
  storyUrl: string | null;
  /** The latest rejection logged for it: its action and reason (null for none). */
  rejectAction: string | null;
  rejectReason: string | null;
}

/** The SQL of a reader's own comments across stories. */
@Injectable()
export class MyCommentsRepository {
  constructor(@Inject(KYSELY) private readonly db: Kysely<DB>) {}

  /** A page of the author's comments with these statuses, newest first (`limit + 1` rows, for `toPage`). */
  page(
    authorId: string,
    statuses: readonly CommentStatus[],
    limit: number,
    after: CursorKey | undefined,
  ): Promise<MyCommentRecord[]> {
    return this.db
      .selectFrom('comments')
      .innerJoin('stories', 'stories.id', 'comments.storyId')
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('moderationActions')
            .select(['action', 'reason'])
            .whereRef('moderationActions.commentId', '=', 'comments.id')
            .where('action', 'in', ['reject', 'auto_reject'])
            .orderBy('createdAt', 'desc')
            .limit(1)
            .as('rejection'),
        (join) => join.onTrue(),
      )
      .select([
        'comments.id',
        'comments.body',
        'comments.status',
        'comments.createdAt',
        'comments.editedAt',
        'stories.slug',
        'stories.title',
        'stories.url as storyUrl',
        'rejection.action as rejectAction',
        'rejection.reason as rejectReason',
      ])
      .where('comments.authorId', '=', authorId)
      .where(statusInSql(sql.ref('comments.status'), statuses))
      .$call(newestFirst(limit, after, 'comments'))
      .execute();
  }
}
