import { describe, expect, it } from 'vitest';
import { splitMatches, wordMatcher } from './highlight.js';

describe(splitMatches.name, () => {
  it('marks every occurrence, whatever the letter case, and keeps the text whole', () => {
    const parts = splitMatches('Scum and more SCUM.', wordMatcher(['scum']));
    expect(parts).toEqual([
      { text: 'Scum', match: true },
      { text: ' and more ', match: false },
      { text: 'SCUM', match: true },
      { text: '.', match: false },
    ]);
    expect(parts.map((part) => part.text).join('')).toBe('Scum and more SCUM.');
  });

  it('prefers the longer phrase and treats regex characters literally', () => {
    const matcher = wordMatcher(['buy', 'buy now', 'c++', '']);
    expect(
      splitMatches('buy now c++ cxx', matcher)
        .filter((part) => part.match)
        .map((part) => part.text),
    ).toEqual(['buy now', 'c++']);
  });

  it('leaves text alone when there is nothing to look for', () => {
    expect(wordMatcher([])).toBeNull();
    expect(splitMatches('plain', null)).toEqual([{ text: 'plain', match: false }]);
    expect(splitMatches('', wordMatcher(['x']))).toEqual([]);
  });
});
