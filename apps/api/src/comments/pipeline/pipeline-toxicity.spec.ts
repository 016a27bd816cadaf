import { describe, expect, it } from 'vitest';
import { AppError } from '../../common/app-error.js';
import { screenEditWithOpinion, withOpinion, type Verdict } from './pipeline.js';
import { nudge, overWarning, toxicityAction, type ToxicityThresholds } from './toxicity-phase.js';

const THRESHOLDS: ToxicityThresholds = { toxicityWarn: 0.5, toxicityHold: 0.8, toxicityReject: 0.95 };
const PUBLISHED: Verdict = { status: 'published', flags: [], matchedWords: [] };

describe(toxicityAction.name, () => {
  it.each([
    [null, null],
    [0.2, null],
    [0.79, null],
    [0.8, 'hold'],
    [0.94, 'hold'],
    [0.95, 'reject'],
  ] as const)('score %s → %s', (score, action) => {
    expect(toxicityAction(score, THRESHOLDS)).toBe(action);
  });

  it('never rejects while `reject` is off (the default), and never holds while `hold` is', () => {
    expect(toxicityAction(1, { ...THRESHOLDS, toxicityReject: null })).toBe('hold');
    expect(toxicityAction(1, { ...THRESHOLDS, toxicityHold: null, toxicityReject: null })).toBeNull();
  });
});

describe(nudge.name, () => {
  it('refuses once at or above `warn`, with the rounded score', () => {
    expect(() => nudge(0.5, THRESHOLDS, false)).toThrow(AppError);
    try {
      nudge(0.9349, THRESHOLDS, false);
    } catch (error) {
      expect(error).toMatchObject({ code: 'comment/may_break_guidelines', details: { score: 0.93 } });
    }
  });

  it('lets it through when posted anyway, below `warn`, unscored, or with `warn` off', () => {
    expect(() => nudge(0.9, THRESHOLDS, true)).not.toThrow();
    expect(() => nudge(0.49, THRESHOLDS, false)).not.toThrow();
    expect(() => nudge(null, THRESHOLDS, false)).not.toThrow();
    expect(() => nudge(1, { ...THRESHOLDS, toxicityWarn: null }, false)).not.toThrow();
    expect(overWarning(1, { ...THRESHOLDS, toxicityWarn: null })).toBe(false);
  });
});

describe(withOpinion.name, () => {
  it('holds or rejects with the `toxic` flag, the strictest verdict winning', () => {
    expect(withOpinion(PUBLISHED, 'hold', 'toxic')).toEqual({
      status: 'pending',
      flags: ['toxic'],
      matchedWords: [],
    });
    const banned: Verdict = { status: 'rejected', flags: ['banned_word'], matchedWords: ['x'] };
    expect(withOpinion(banned, 'hold', 'toxic')).toEqual({ ...banned, flags: ['banned_word', 'toxic'] });
    expect(withOpinion(PUBLISHED, null, 'toxic')).toBe(PUBLISHED);
  });

  it('holds an edit of a published comment that the screen let through', () => {
    const current = { status: 'published' as const, flags: [], matchedWords: [] };
    expect(screenEditWithOpinion(null, current, 'hold', 'toxic')).toEqual({
      status: 'pending',
      flags: ['toxic'],
      matchedWords: [],
    });
    expect(screenEditWithOpinion(null, current, null, 'toxic')).toBeNull();
  });
});
