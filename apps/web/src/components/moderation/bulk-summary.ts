import type { BulkDecisionRequest, BulkDecisionResult } from '@parley/shared';

const DONE: Record<BulkDecisionRequest['action'], string> = {
  approve: 'Approved',
  reject: 'Rejected',
  feature: 'Featured',
};

const comments = (count: number) => `${count} ${count === 1 ? 'comment' : 'comments'}`;

/** What a bulk decision did, in a sentence for the status line: what it decided, then what it could not. */
export function bulkSummary(
  action: BulkDecisionRequest['action'],
  results: readonly BulkDecisionResult[],
): string {
  const decided = results.filter((result) => result.outcome === 'decided' || result.outcome === 'unchanged');
  const already = results.filter((result) => result.outcome === 'already_decided');
  const refused = results.length - decided.length - already.length;
  const parts = [`${DONE[action]} ${comments(decided.length)}.`];
  if (already.length > 0) {
    const who = [...new Set(already.flatMap((result) => (result.decidedBy ? [`@${result.decidedBy}`] : [])))];
    parts.push(
      `${comments(already.length)} already decided by ${who.length > 0 ? who.join(', ') : 'another moderator'}, left as ${already.length === 1 ? 'it was' : 'they were'}.`,
    );
  }
  if (refused > 0) parts.push(`${comments(refused)} could not be decided (deleted, or rejected before).`);
  return parts.join(' ');
}
