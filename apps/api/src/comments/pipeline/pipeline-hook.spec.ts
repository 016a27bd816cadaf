import { describe, expect, it } from 'vitest';
import { screenEditWithHook, withHook, type Verdict } from './pipeline.js';

// Phase 4: the external hook's opinion over the built-in phases; the strictest outcome wins.

const published: Verdict = { status: 'published', flags: [], matchedWords: [] };
const held: Verdict = { status: 'pending', flags: ['suspect_word'], matchedWords: ['moron'] };
const rejected: Verdict = { status: 'rejected', flags: ['banned_word'], matchedWords: ['idiot'] };

describe(withHook.name, () => {
  it('changes nothing without an opinion, or with publish', () => {
    for (const verdict of [published, held, rejected]) {
      expect(withHook(verdict, null)).toBe(verdict);
      expect(withHook(verdict, { action: 'publish' })).toBe(verdict);
    }
  });

  it('holds a comment the built-in phases would publish, with the hook flag', () => {
    expect(withHook(published, { action: 'hold' })).toEqual({
      status: 'pending',
      flags: ['hook'],
      matchedWords: [],
    });
  });

  it('rejects over a hold, and keeps the hold reasons', () => {
    expect(withHook(held, { action: 'reject' })).toEqual({
      status: 'rejected',
      flags: ['suspect_word', 'hook'],
      matchedWords: ['moron'],
    });
  });

  it('never softens a rejection: a hold on a banned word stays rejected', () => {
    expect(withHook(rejected, { action: 'hold' })).toEqual({
      status: 'rejected',
      flags: ['banned_word', 'hook'],
      matchedWords: ['idiot'],
    });
  });

  it('adds the hook flag once', () => {
    expect(withHook({ ...published, flags: ['hook'] }, { action: 'hold' }).flags).toEqual(['hook']);
  });
});

describe(screenEditWithHook.name, () => {
  const current = { status: 'approved' as const, flags: [], matchedWords: [] };

  it('is the screen alone without an opinion or with publish', () => {
    expect(screenEditWithHook(null, current, null)).toBeNull();
    expect(screenEditWithHook(null, current, { action: 'publish' })).toBeNull();
    expect(screenEditWithHook(held, current, { action: 'publish' })).toBe(held);
  });

  it('holds an approved comment whose edit the hook holds, though the screen saw nothing', () => {
    expect(screenEditWithHook(null, current, { action: 'hold' })).toEqual({
      status: 'pending',
      flags: ['hook'],
      matchedWords: [],
    });
  });

  it("rejects over the screen's hold", () => {
    expect(screenEditWithHook(held, current, { action: 'reject' })?.status).toBe('rejected');
  });
});
