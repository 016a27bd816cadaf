import { describe, expect, it } from 'vitest';
import { median, reportCsv } from './dsa-report.service.js';

describe(median.name, () => {
  it('is the middle value, or the mean of the two middle ones, in whole seconds; null for none', () => {
    expect(median([])).toBeNull();
    expect(median([30, 10, 20])).toBe(20);
    expect(median([10, 20, 30, 41])).toBe(25);
    expect(median([10, 21])).toBe(16);
  });
});

describe(reportCsv.name, () => {
  it('writes one figure a line, with an empty cell for a median there is none of', () => {
    const csv = reportCsv({
      from: '2026-01-01T00:00:00.000Z',
      to: '2027-01-01T00:00:00.000Z',
      notices: { received: 2, open: 1, byCategory: { defamation: 2 } as never },
      decisions: {
        total: 1,
        byAction: { removed: 1, restricted: 0, no_action: 0 },
        medianSecondsToDecision: 60,
        automated: 0,
      },
      appeals: {
        received: 0,
        decided: 0,
        byAppellant: { author: 0, notifier: 0 },
        byOutcome: { upheld: 0, reversed: 0 },
        medianSecondsToDecision: null,
      },
    });
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('section,key,value');
    expect(lines).toContain('notices_by_category,defamation,2');
    expect(lines).toContain('decisions,median_seconds_to_decision,60');
    expect(lines).toContain('appeals,median_seconds_to_decision,');
  });
});
