import { Inject, Injectable } from '@nestjs/common';
import {
  sql,
  type Article,
  type ModerationFlag,
  type NewComment,
  type ReportReason,
  type Selectable,
  type CommentsTable,
  type User,
} from '@parley/db';
import { MAX_REPLY_DEPTH, type CommentSort } from '@parley/shared';
import type { CursorKey, CursorPart } from '../common/cursor.js';
import { KYSELY } from '../database/database.module.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';
import { listedSql } from './visibility.js';

/** What posting needs of the story. */
export type PostingStory = Pick<Article, 'id' | 'slug' | 'commentsOpen' | 'premod'>;

/** A comment row with what readers see of its author. */
export type CommentRecord = Selectable<CommentsTable> & {
  authorUsername: string;
  authorDisplayName: string;
  authorRole: 'reader' | 'moderator' | 'admin';
};

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
  | 'articleId'
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
const THREAD_COLUMNS = sql.raw(`c.id, c.article_id, c.parent_id, c.root_id, c.depth, c.author_id, c.body,
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

/**
 * How many of an author's latest comments the repeat check compares a new text with. Bodies are not
 * indexed, so each is read from the table: unbounded, an author posting fast (staff, whom the
 * posting interval does not hold, or a site with no interval) made every post read their whole
 * window, over 1,000 rows and 2 ms of Postgres per post in the bench. At the default 3 s interval
 * a 6-minute window holds at most 120 comments; 50 covers any text a person repeats by mistake.
 */
export const REPEAT_CHECK_RECENT = 50;

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

@Injectable()
export class CommentsRepository implements ExecutorBound<CommentsRepository> {
  constructor(@Inject(KYSELY) private readonly db: Executor) {}

  withExecutor(executor: Executor): CommentsRepository {
    return new CommentsRepository(executor);
  }

  private withAuthor() {
    return this.db
      .selectFrom('comments')
      .innerJoin('users as author', 'author.id', 'comments.authorId')
      .selectAll('comments')
      .select([
        'author.username as authorUsername',
        'author.displayName as authorDisplayName',
        'author.role as authorRole',
      ]);
  }

  findById(id: string): Promise<CommentRecord | undefined> {
    return this.withAuthor().where('comments.id', '=', id).executeTakeFirst();
  }

  /**
   * In the posting transaction, in one round trip: locks the author's row until the end (one post
   * at a time per author, on every node, so the interval and repeat checks cannot race), and reads
   * and holds the story's row (KEY SHARE: a merge or delete of the story waits for the comment, then
   * moves it). The story is read here, not before, so one closed meanwhile refuses the post. Either
   * is undefined when it is not there. One round trip, not two: on a node busy with fan-out each
   * await of a post waits behind a broadcast.
   */
  async lockAuthorAndStory(authorId: string, slug: string): Promise<{ author?: User; story?: PostingStory }> {
    const row = await this.db
      .selectFrom(['users', 'articles'])
      .selectAll('users')
      .select([
        'articles.id as storyId',
        'articles.slug as storySlug',
        'articles.commentsOpen as storyCommentsOpen',
        'articles.premod as storyPremod',
      ])
      .where('users.id', '=', authorId)
      .where('articles.slug', '=', slug)
      .forUpdate(['users'])
      .forKeyShare(['articles'])
      .executeTakeFirst();
    if (row) {
      const { storyId, storySlug, storyCommentsOpen, storyPremod, ...author } = row;
      return {
        author,
        story: { id: storyId, slug: storySlug, commentsOpen: storyCommentsOpen, premod: storyPremod },
      };
    }
    // One of them is gone (rare): a second look says which.
    const story = await this.db
      .selectFrom('articles')
      .select(['id', 'slug', 'commentsOpen', 'premod'])
      .where('slug', '=', slug)
      .executeTakeFirst();
    return { story };
  }

  /**
   * In a transaction: locks a comment's row until it ends, then reads it. The read is a second
   * statement, so after waiting for the lock it sees what the other transaction committed.
   */
  async lockById(id: string): Promise<CommentRecord | undefined> {
    const locked = await this.db
      .selectFrom('comments')
      .select('id')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    return locked ? this.findById(id) : undefined;
  }

  findManyByIds(ids: string[]): Promise<CommentRecord[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.withAuthor().where('comments.id', 'in', ids).execute();
  }

  findByClientId(authorId: string, clientId: string): Promise<CommentRecord | undefined> {
    return this.withAuthor()
      .where('comments.authorId', '=', authorId)
      .where('comments.clientId', '=', clientId)
      .executeTakeFirst();
  }

  /** One page of top-level comments by keyset; `limit + 1` rows tell whether another page exists. */
  async listTopLevel(
    articleId: string,
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
      where c.article_id = ${articleId} and c.parent_id is null and ${listedSql('c')} ${afterKey}
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

  /** Everything in an article changed after `since` (catch-up after a reconnect). */
  changedSince(articleId: string, since: Date, limit: number): Promise<CommentRecord[]> {
    return this.withAuthor()
      .where('comments.articleId', '=', articleId)
      .where('comments.updatedAt', '>', since)
      .orderBy('comments.updatedAt')
      .limit(limit)
      .execute();
  }

  /** The database's clock (inside a transaction: its start), the one clock every node shares. */
  async now(): Promise<Date> {
    const result = await sql<{ now: Date }>`select now() as now`.execute(this.db);
    return result.rows[0]!.now;
  }

  /**
   * What the posting limits need, in one round trip inside the posting transaction: the database
   * clock, the author's last post, and whether the text repeats one of their REPEAT_CHECK_RECENT
   * latest comments within the repeat window.
   */
  async postingFacts(
    authorId: string,
    body: string,
    repeatWindowSeconds: number,
  ): Promise<{ now: Date; lastPostAt: Date | null; repeated: boolean }> {
    const result = await sql<{ now: Date; lastPostAt: Date | null; repeated: boolean }>`
      select now() as now,
        (select max(created_at) from comments where author_id = ${authorId}) as last_post_at,
        exists(
          select 1 from (
            select body from comments
            where author_id = ${authorId}
              and created_at > now() - make_interval(secs => ${repeatWindowSeconds})
            order by created_at desc
            limit ${REPEAT_CHECK_RECENT}
          ) recent
          where recent.body = ${body}
        ) as repeated`.execute(this.db);
    return result.rows[0]!;
  }

  /**
   * Inserts a comment, unless a concurrent retry with the same (author, clientId) committed first:
   * then `undefined`, and the caller looks that one up. Conflicting inserts wait for each other on
   * the unique index, so a lookup in a new statement sees the winner's row. The row returned is the
   * stored one (the triggers' defaults included): posting needs no second read.
   */
  insertUnlessRetried(comment: NewComment): Promise<Selectable<CommentsTable> | undefined> {
    return this.db
      .insertInto('comments')
      .values(comment)
      .onConflict((oc) => oc.columns(['authorId', 'clientId']).where('clientId', 'is not', null).doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  async update(
    id: string,
    changes: Partial<
      Pick<
        Selectable<CommentsTable>,
        'body' | 'editedAt' | 'status' | 'flags' | 'matchedWords' | 'featured' | 'decidedBy' | 'decidedAt'
      >
    >,
  ): Promise<void> {
    await this.db
      .updateTable('comments')
      .set({ ...changes, updatedAt: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
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

  /** Which of these comments the user has liked. */
  async reactedIds(userId: string, commentIds: string[]): Promise<Set<string>> {
    if (commentIds.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('reactions')
      .select('commentId')
      .where('userId', '=', userId)
      .where(sql<boolean>`comment_id = any(${sql.val(commentIds)}::uuid[])`)
      .execute();
    return new Set(rows.map((row) => row.commentId));
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
      .where('status', 'in', ['published', 'approved'])
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
