import type { BulkDecisionResult } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { testLocalization } from '../../testing/localization.js';
import { bulkSummary } from './bulk-summary.js';

const { t } = await testLocalization('en');

function result(outcome: BulkDecisionResult['outcome'], decidedBy: string | null = null): BulkDecisionResult {
  return { id: crypto.randomUUID(), outcome, comment: null, queues: [], decidedBy, message: null };
}

describe(bulkSummary.name, () => {
  it('counts what it decided', () => {
    expect(bulkSummary(t, 'approve', [result('decided'), result('unchanged')])).toBe('Approved 2 comments.');
  });

  it('names who decided a comment meanwhile, and what it could not decide', () => {
    const sut = bulkSummary(t, 'reject', [
      result('decided'),
      result('already_decided', 'maria'),
      result('not_found'),
    ]);
    expect(sut).toBe(
      'Rejected 1 comment. 1 comment already decided by @maria, left as it was. 1 comment could not be decided (deleted, or rejected before).',
    );
  });
});
