import { sql, type CommentStatus } from '@parley/db';
import { isVisible } from '@parley/shared';

/**
 * Whether every reader sees the comment in the thread: visible (published or approved), or a
 * deleted placeholder that keeps its place while it has replies. `listedSql` is the same rule in SQL.
 */
export function isListed(row: { status: CommentStatus; replyCount: number }): boolean {
  return isVisible(row) || (row.status === 'deleted' && row.replyCount > 0);
}

/** Statuses a listed comment can have; literals, so Postgres matches the partial thread indexes. */
const LISTED_STATUSES = ['published', 'approved', 'deleted'] as const satisfies readonly CommentStatus[];

/** `isListed` as a SQL condition on the comments table or alias `table`, for Kysely and raw queries alike. */
export function listedSql(table = 'comments') {
  const status = sql.ref(`${table}.status`);
  return sql<boolean>`(${status} in (${sql.join(LISTED_STATUSES.map((value) => sql.lit(value)))})
    and (${status} <> 'deleted' or ${sql.ref(`${table}.replyCount`)} > 0))`;
}
