import { DSA_APPEAL_WINDOW_DAYS, type DsaAppeal, type DsaNotice, type DsaStatement } from '@parley/shared';
import { commentPermalink } from '../common/permalink.js';
import type { AppealRow, NoticeRow } from './dsa.repository.js';

const DAY_MS = 24 * 3600_000;

/** Until when a decision made at `decidedAt` may be appealed. */
export function appealUntil(decidedAt: Date): Date {
  return new Date(decidedAt.getTime() + DSA_APPEAL_WINDOW_DAYS * DAY_MS);
}

export function toAppeal(row: AppealRow): DsaAppeal {
  return {
    id: row.id,
    noticeId: row.noticeId,
    appellant: row.appellant,
    reason: row.reason,
    status: row.status,
    receivedAt: row.receivedAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decidedBy: row.deciderUsername,
    outcome: row.outcome,
    explanation: row.explanation,
    noticeDecidedBy: row.noticeDeciderUsername,
  };
}

function decisionOf(row: NoticeRow): DsaNotice['decision'] {
  if (row.status !== 'decided' || !row.decidedAt || !row.action) return null;
  return {
    action: row.action,
    facts: row.facts ?? '',
    ground: row.ground ?? '',
    automated: row.automated ?? false,
    redress: row.redress ?? '',
    decidedAt: row.decidedAt.toISOString(),
    decidedBy: row.deciderUsername,
  };
}

function permalinkOf(row: NoticeRow, publicUrl: string | undefined): string | null {
  return row.commentId ? commentPermalink(row.commentId, { url: row.storyUrl }, publicUrl) : null;
}

export function toNotice(row: NoticeRow, appeals: AppealRow[], publicUrl?: string): DsaNotice {
  return {
    id: row.id,
    commentId: row.commentId,
    // A deleted comment's row keeps no text worth showing (erased on deletion).
    commentBody: row.commentStatus === 'deleted' ? null : row.commentBody,
    commentStatus: row.commentStatus,
    permalink: permalinkOf(row, publicUrl),
    author: row.authorUsername,
    category: row.category,
    explanation: row.explanation,
    notifierName: row.notifierName,
    notifierEmail: row.notifierEmail,
    notifierUsername: row.notifierUsername,
    status: row.status,
    receivedAt: row.receivedAt.toISOString(),
    reviewStartedAt: row.reviewStartedAt?.toISOString() ?? null,
    reviewedBy: row.reviewerUsername,
    decision: decisionOf(row),
    appeals: appeals.filter((appeal) => appeal.noticeId === row.id).map(toAppeal),
  };
}

export function toStatement(row: NoticeRow, appeals: AppealRow[], publicUrl?: string): DsaStatement {
  const authorAppeal = appeals.find((appeal) => appeal.noticeId === row.id && appeal.appellant === 'author');
  return {
    noticeId: row.id,
    commentId: row.commentId,
    permalink: permalinkOf(row, publicUrl),
    category: row.category,
    decision: decisionOf(row)!,
    appealUntil: appealUntil(row.decidedAt!).toISOString(),
    appeal: authorAppeal ? toAppeal(authorAppeal) : null,
  };
}
