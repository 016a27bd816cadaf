import { sql, type CommentStatus } from '@parley/db';
import { isVisible, VISIBLE_STATUSES } from '@parley/shared';
import { statusInSql } from '../common/status-sql.js';

/**
 * Whether every reader sees the comment in the thread: visible (published or approved), or a
 * deleted placeholder that keeps its place while it has replies. `listedSql` is the same rule in SQL.
 */
export function isListed(row: { status: CommentStatus; replyCount: number }): boolean {
  return isVisible(row) || (row.status === 'deleted' && row.replyCount > 0);
}

/** Statuses a listed comment can have. */
const LISTED_STATUSES = [...VISIBLE_STATUSES, 'deleted'] as const satisfies readonly CommentStatus[];

/** `isListed` as a SQL condition on the comments table or alias `table`, for Kysely and raw queries alike. */
export function listedSql(table = 'comments') {
  const status = sql.ref(`${table}.status`);
  return sql<boolean>`(${statusInSql(status, LISTED_STATUSES)}
    and (${status} <> 'deleted' or ${sql.ref(`${table}.replyCount`)} > 0))`;
}
