import { Inject, Injectable } from '@nestjs/common';
import { sql, type Article, type ArticleUpdate, type DB, type Kysely } from '@parley/db';
import { visibleSql } from '../common/status-sql.js';
import { KYSELY } from '../database/database.module.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';

/**
 * An article's visible comments: the base kept on its row plus the per-backend deltas the comments
 * trigger adds (migration 2026_11_30_0007). The one definition of the count; every read uses it.
 */
export const commentCount = sql<number>`(articles.comment_count + coalesce((
    select sum(c.delta) from article_comment_counts c where c.article_id = articles.id
  ), 0))::int`.as('commentCount');

@Injectable()
export class ArticlesRepository implements ExecutorBound<ArticlesRepository> {
  constructor(@Inject(KYSELY) private readonly db: Executor) {}

  withExecutor(executor: Executor): ArticlesRepository {
    return new ArticlesRepository(executor);
  }

  findBySlug(slug: string): Promise<Article | undefined> {
    return this.db
      .selectFrom('articles')
      .selectAll()
      .select(commentCount)
      .where('slug', '=', slug)
      .executeTakeFirst();
  }

  findById(id: string): Promise<Article | undefined> {
    return this.db
      .selectFrom('articles')
      .selectAll()
      .select(commentCount)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  update(id: string, changes: ArticleUpdate): Promise<Article | undefined> {
    return this.db
      .updateTable('articles')
      .set(changes)
      .where('id', '=', id)
      .returningAll()
      .returning(commentCount)
      .executeTakeFirst();
  }

  /**
   * Sets the count from the comments themselves (after moving comments between articles, or
   * to repair). The lock keeps posts from adding deltas between the recount and the reset of
   * the shards; they wait for this transaction only, a few milliseconds. Bound to a transaction
   * (TransactionRunner), it runs in it, so a merge moves comments and recounts in one commit.
   */
  async recountComments(articleId: string): Promise<number> {
    if (this.db.isTransaction) return this.recountIn(this.db, articleId);
    return (this.db as Kysely<DB>).transaction().execute((trx) => this.recountIn(trx, articleId));
  }

  private recountIn(trx: Executor, articleId: string): Promise<number> {
    return recountStoryComments(trx, articleId);
  }
}

/**
 * Sets a story's count from its comments and clears its shards; inside the caller's transaction
 * (a story merge moves comments, the one change the trigger does not count).
 */
export async function recountStoryComments(trx: Executor, articleId: string): Promise<number> {
  await sql`lock table article_comment_counts in exclusive mode`.execute(trx);
  await trx.deleteFrom('articleCommentCounts').where('articleId', '=', articleId).execute();
  const { rows } = await sql<{ commentCount: number }>`
      update articles set comment_count = (
        select count(*) from comments
         where comments.article_id = ${articleId} and ${visibleSql()}
      ) where id = ${articleId} returning comment_count`.execute(trx);
  return rows[0]?.commentCount ?? 0;
}
