import { Inject, Injectable } from '@nestjs/common';
import {
  sql,
  type Story,
  type CommentsTable,
  type NewComment,
  type Selectable,
  type CommentUpdate,
  type User,
} from '@parley/db';
import { KYSELY } from '../database/database.module.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';
import {
  databaseNow,
  findCommentRecord,
  lockCommentRecord,
  selectCommentRecords,
  type CommentRecord,
} from './comment-records.js';

/** What posting needs of the story. */
export type PostingStory = Pick<Story, 'id' | 'slug' | 'commentsOpen' | 'premod'>;

/**
 * How many of an author's latest comments the repeat check compares a new text with. Bodies are not
 * indexed, so each is read from the table: unbounded, an author posting fast (staff, whom the
 * posting interval does not hold, or a site with no interval) made every post read their whole
 * window, over 1,000 rows and 2 ms of Postgres per post in the bench. At the default 3 s interval
 * a 6-minute window holds at most 120 comments; 50 covers any text a person repeats by mistake.
 */
export const REPEAT_CHECK_RECENT = 50;

/** What authors write: the posting locks and limits, new comments, edits and deletions. */
@Injectable()
export class CommentPostingRepository implements ExecutorBound<CommentPostingRepository> {
  constructor(@Inject(KYSELY) private readonly db: Executor) {}

  withExecutor(executor: Executor): CommentPostingRepository {
    return new CommentPostingRepository(executor);
  }

  findById(id: string): Promise<CommentRecord | undefined> {
    return findCommentRecord(this.db, id);
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
      .selectFrom(['users', 'stories'])
      .selectAll('users')
      .select([
        'stories.id as storyId',
        'stories.slug as storySlug',
        'stories.commentsOpen as storyCommentsOpen',
        'stories.premod as storyPremod',
      ])
      .where('users.id', '=', authorId)
      .where('stories.slug', '=', slug)
      .forUpdate(['users'])
      .forKeyShare(['stories'])
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
      .selectFrom('stories')
      .select(['id', 'slug', 'commentsOpen', 'premod'])
      .where('slug', '=', slug)
      .executeTakeFirst();
    return { story };
  }

  /** In a transaction: locks a comment's row until it ends, then reads it (see lockCommentRecord). */
  lockById(id: string): Promise<CommentRecord | undefined> {
    return lockCommentRecord(this.db, id);
  }

  findByClientId(authorId: string, clientId: string): Promise<CommentRecord | undefined> {
    return selectCommentRecords(this.db)
      .where('comments.authorId', '=', authorId)
      .where('comments.clientId', '=', clientId)
      .executeTakeFirst();
  }

  /** The database's clock (inside a transaction: its start), the one clock every node shares. */
  now(): Promise<Date> {
    return databaseNow(this.db);
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
    changes: Pick<
      Partial<CommentUpdate>,
      | 'body'
      | 'editedAt'
      | 'status'
      | 'flags'
      | 'matchedWords'
      | 'hookReason'
      | 'hookLabels'
      | 'toxicityScore'
      | 'toxicityLabels'
      | 'featured'
      | 'decidedBy'
      | 'decidedAt'
    >,
  ): Promise<void> {
    await this.db
      .updateTable('comments')
      .set({ ...changes, updatedAt: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  }
}
