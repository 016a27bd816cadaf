import { Inject, Injectable } from '@nestjs/common';
import { sql } from '@parley/db';
import { MAX_REPLY_DEPTH, type CommentSort } from '@parley/shared';
import type { CursorKey, CursorPart } from '../common/cursor.js';
import { KYSELY } from '../database/database.module.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';
import {
  databaseNow,
  findCommentRecord,
  selectCommentRecords,
  type CommentRecord,
} from './comment-records.js';
import { listedSql } from './visibility.js';

/**
 * A time as a row carries it: a Date, or, in the thread listing, already the ISO text the API
 * sends (see THREAD_COLUMNS).
 */
export type RowTime = Date | string;

export function isoTime(time: RowTime): string {
  return typeof time === 'string' ? time : time.toISOString();
}

/**
 * What a thread page shows of a comment: its listing selects only these columns, not the
 * moderation fields (flags, matched words, decisions, reports) that readers never see. On a page
 * of 200 comments each column is parsed and renamed 200 times.
 */
export type ThreadRecord = Pick<
  CommentRecord,
  | 'id'
  | 'storyId'
  | 'parentId'
  | 'rootId'
  | 'depth'
  | 'authorId'
  | 'body'
  | 'status'
  | 'featured'
  | 'replyCount'
  | 'reactionCount'
  | 'authorUsername'
  | 'authorDisplayName'
  | 'authorRole'
> & {
  editedAt: RowTime | null;
  createdAt: RowTime;
  updatedAt: RowTime;
  /** Whether the signed-in viewer the page was listed for likes it; absent for anonymous pages. */
  viewerReacted?: boolean;
};

/**
 * ThreadRecord's columns, of `comments c` and its author `users u`. The listing is written in SQL,
 * not built: on a page of cheap queries, building and renaming a 17-column select showed in the
 * CPU profile. Its times come as the API's ISO text (the columns hold milliseconds, as a Date
 * does), so the 600 times of a page are neither parsed into Dates nor formatted back.
 */
const THREAD_COLUMNS = sql.raw(`c.id, c.story_id, c.parent_id, c.root_id, c.depth, c.author_id, c.body,
  c.status, c.featured, ${isoSql('c.edited_at')} as edited_at, ${isoSql('c.created_at')} as created_at,
  ${isoSql('c.updated_at')} as updated_at, c.reply_count, c.reaction_count,
  u.username as author_username, u.display_name as author_display_name, u.role as author_role`);

function isoSql(column: string): string {
  return `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * For a signed-in viewer, whether they like each listed comment: a column, not a second query. A
 * scalar subquery, not EXISTS: Postgres may run an EXISTS as one hashed scan of all the viewer's
 * reactions (before migration 0008, of the whole table), where this probes the primary key once per
 * listed comment, whoever the viewer and however many they have liked.
 */
function viewerReactedColumn(viewerId: string | undefined) {
  return viewerId
    ? sql`, coalesce((select true from reactions r where r.comment_id = c.id and r.user_id = ${viewerId}), false) as viewer_reacted`
    : sql``;
}

/** Sort column and direction of each thread order; every order ends with (created_at, id) for a stable keyset. */
const SORTS = {
  newest: { key: null, direction: 'desc' },
  oldest: { key: null, direction: 'asc' },
  top: { key: 'reactionCount', direction: 'desc' },
  replies: { key: 'replyCount', direction: 'desc' },
} as const satisfies Record<
  CommentSort,
  { key: 'reactionCount' | 'replyCount' | null; direction: 'asc' | 'desc' }
>;

export function cursorKeyOf(row: ThreadRecord, sort: CommentSort): CursorKey {
  const key = SORTS[sort].key;
  return key ? [row[key], isoTime(row.createdAt), row.id] : [isoTime(row.createdAt), row.id];
}

export function cursorShape(sort: CommentSort): CursorPart[] {
  return SORTS[sort].key ? ['number', 'time', 'id'] : ['time', 'id'];
}

/** What readers read: thread pages, replies, permalinks with their ancestors, catch-up, and any comment by id. */
@Injectable()
export class CommentReadingRepository implements ExecutorBound<CommentReadingRepository> {
  constructor(@Inject(KYSELY) private readonly db: Executor) {}

  withExecutor(executor: Executor): CommentReadingRepository {
    return new CommentReadingRepository(executor);
  }

  findById(id: string): Promise<CommentRecord | undefined> {
    return findCommentRecord(this.db, id);
  }

  findManyByIds(ids: string[]): Promise<CommentRecord[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return selectCommentRecords(this.db).where('comments.id', 'in', ids).execute();
  }

  /** One page of top-level comments by keyset; `limit + 1` rows tell whether another page exists. */
  async listTopLevel(
    storyId: string,
    sort: CommentSort,
    limit: number,
    after?: CursorKey,
    viewerId?: string,
  ): Promise<ThreadRecord[]> {
    const { key, direction } = SORTS[sort];
    const order = sql.raw(direction);
    const op = sql.raw(direction === 'desc' ? '<' : '>');
    const sortKey = key && sql.ref(`c.${key}`);
    const afterKey = !after
      ? sql``
      : sortKey
        ? sql`and (${sortKey}, c.created_at, c.id) ${op} (${after[0]}, ${after[1]}::timestamptz, ${after[2]}::uuid)`
        : sql`and (c.created_at, c.id) ${op} (${after[0]}::timestamptz, ${after[1]}::uuid)`;
    const result = await sql<ThreadRecord>`
      select ${THREAD_COLUMNS} ${viewerReactedColumn(viewerId)}
      from comments c join users u on u.id = c.author_id
      where c.story_id = ${storyId} and c.parent_id is null and ${listedSql('c')} ${afterKey}
      order by ${sortKey ? sql`${sortKey} ${order},` : sql``} c.created_at ${order}, c.id ${order}
      limit ${limit + 1}`.execute(this.db);
    return result.rows;
  }

  /** The first `perParent` replies (oldest first) of each parent, in one query. */
  async firstReplies(parentIds: string[], perParent: number, viewerId?: string): Promise<ThreadRecord[]> {
    if (parentIds.length === 0) return [];
    const result = await sql<ThreadRecord>`
      select ${THREAD_COLUMNS} ${viewerReactedColumn(viewerId)}
      from unnest(${sql.val(parentIds)}::uuid[]) as p(id)
      cross join lateral (
        select * from comments
        where comments.parent_id = p.id and ${listedSql()}
        order by created_at, id
        limit ${perParent}
      ) c
      join users u on u.id = c.author_id
      order by c.created_at, c.id`.execute(this.db);
    return result.rows;
  }

  /** A page of one comment's replies, oldest first. */
  async listReplies(
    parentId: string,
    limit: number,
    after?: CursorKey,
    viewerId?: string,
  ): Promise<ThreadRecord[]> {
    const afterKey = after
      ? sql`and (c.created_at, c.id) > (${after[0]}::timestamptz, ${after[1]}::uuid)`
      : sql``;
    const result = await sql<ThreadRecord>`
      select ${THREAD_COLUMNS} ${viewerReactedColumn(viewerId)}
      from comments c join users u on u.id = c.author_id
      where c.parent_id = ${parentId} and ${listedSql('c')} ${afterKey}
      order by c.created_at, c.id
      limit ${limit + 1}`.execute(this.db);
    return result.rows;
  }

  /**
   * Ancestors of a comment, root first: at most MAX_REPLY_DEPTH, the nearest ones, however deep a
   * chain stored before the cap goes.
   */
  async ancestors(comment: Pick<CommentRecord, 'parentId'>): Promise<CommentRecord[]> {
    if (!comment.parentId) return [];
    const result = await sql<CommentRecord>`
      with recursive chain (id, parent_id, hop) as (
        select id, parent_id, 1 from comments where id = ${comment.parentId}
        union all
        select c.id, c.parent_id, chain.hop + 1 from comments c join chain on c.id = chain.parent_id
        where chain.hop < ${MAX_REPLY_DEPTH}
      )
      select c.*, u.username as author_username, u.display_name as author_display_name, u.role as author_role
      from chain join comments c on c.id = chain.id join users u on u.id = c.author_id
      order by chain.hop desc
      limit ${MAX_REPLY_DEPTH}`.execute(this.db);
    return result.rows;
  }

  /** Everything in a story changed after `since` (catch-up after a reconnect). */
  changedSince(storyId: string, since: Date, limit: number): Promise<CommentRecord[]> {
    return selectCommentRecords(this.db)
      .where('comments.storyId', '=', storyId)
      .where('comments.updatedAt', '>', since)
      .orderBy('comments.updatedAt')
      .limit(limit)
      .execute();
  }

  /** The database's clock (inside a transaction: its start), the one clock every node shares. */
  now(): Promise<Date> {
    return databaseNow(this.db);
  }

  /**
   * Which of these comments the user has liked: on a signed-in reader's first page, the only
   * query of the page's own (written in SQL, not built, for that reason). `reactions_user_idx`
   * finds the user's likes and the list filters them.
   */
  async reactedIds(userId: string, commentIds: string[]): Promise<Set<string>> {
    if (commentIds.length === 0) return new Set();
    const result = await sql<{ commentId: string }>`
      select comment_id from reactions
      where user_id = ${userId} and comment_id = any(${sql.val(commentIds)}::uuid[])`.execute(this.db);
    return new Set(result.rows.map((row) => row.commentId));
  }
}
