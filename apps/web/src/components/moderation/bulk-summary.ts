import type { BulkDecisionRequest, BulkDecisionResult } from '@parley/shared';
import type { Translate } from '../../i18n/localization.js';

/** What a bulk decision did, in a sentence for the status line: what it decided, then what it could not. */
export function bulkSummary(
  t: Translate,
  action: BulkDecisionRequest['action'],
  results: readonly BulkDecisionResult[],
): string {
  const decided = results.filter((result) => result.outcome === 'decided' || result.outcome === 'unchanged');
  const already = results.filter((result) => result.outcome === 'already_decided');
  const refused = results.length - decided.length - already.length;
  const parts = [t(`moderate.bulk.done.${action}`, { count: decided.length })];
  if (already.length > 0) {
    const who = [...new Set(already.flatMap((result) => (result.decidedBy ? [`@${result.decidedBy}`] : [])))];
    parts.push(
      t('moderate.bulk.already', {
        count: already.length,
        who: who.length > 0 ? who.join(', ') : t('moderate.bulk.anotherModerator'),
      }),
    );
  }
  if (refused > 0) parts.push(t('moderate.bulk.refused', { count: refused }));
  return parts.join(' ');
}
