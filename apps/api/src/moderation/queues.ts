import { sql, type CommentStatus } from '@parley/db';
import { VISIBLE_STATUSES, type Queue } from '@parley/shared';
import { statusInSql } from '../common/status-sql.js';

/**
 * Which moderation queues hold a comment, in TypeScript (`queuesOf`, for live announcements) and in
 * SQL (`QUEUE_CONDITION`, for the lists and counts). Both live here and a test holds them equal
 * for every status and report count (test/moderation-queue-rules.test.ts).
 */

/** Statuses whose reports a moderator still acts on: visible, or held for review. */
export const REPORTABLE_STATUSES = [
  ...VISIBLE_STATUSES,
  'pending',
] as const satisfies readonly CommentStatus[];

/** The queues a comment in this state belongs to. */
export function queuesOf(row: { status: CommentStatus; reportCount: number }): Queue[] {
  const queues: Queue[] = [];
  if (row.status === 'pending') queues.push('pending');
  if (row.reportCount > 0 && (REPORTABLE_STATUSES as readonly CommentStatus[]).includes(row.status))
    queues.push('reported');
  if (row.status === 'published') queues.push('unmoderated');
  if (row.status === 'approved') queues.push('approved');
  if (row.status === 'rejected') queues.push('rejected');
  return queues;
}

/** The SQL condition of each queue on the `comments` table; used by lists and counts alike. */
export const QUEUE_CONDITION = {
  pending: sql<boolean>`comments.status = 'pending'`,
  reported: sql<boolean>`comments.report_count > 0 and ${statusInSql(sql.raw('comments.status'), REPORTABLE_STATUSES)}`,
  unmoderated: sql<boolean>`comments.status = 'published'`,
  approved: sql<boolean>`comments.status = 'approved'`,
  rejected: sql<boolean>`comments.status = 'rejected'`,
} satisfies Record<Queue, unknown>;
