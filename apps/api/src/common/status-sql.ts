import { sql, type CommentStatus } from '@parley/db';
import { VISIBLE_STATUSES } from '@parley/shared';

/**
 * `status in ('a', 'b')` over these comment statuses, as literals rather than parameters, so
 * Postgres matches the partial indexes whose conditions name them.
 */
export function statusInSql(status: ReturnType<typeof sql.ref>, statuses: readonly CommentStatus[]) {
  return sql<boolean>`${status} in (${sql.join(statuses.map((value) => sql.lit(value)))})`;
}

/**
 * `isVisible` (packages/shared) as a SQL condition on the comments table or alias `table` (a name
 * in the code, never input).
 */
export function visibleSql(table = 'comments') {
  return statusInSql(sql.raw(`${table}.status`), VISIBLE_STATUSES);
}
