import { describe, expect, it } from 'vitest';
import { initialsOf, nextMenuIndex } from './account-menu.js';

describe(initialsOf.name, () => {
  it.each([
    ['Ada Lovelace', 'AL'],
    ['Ada Augusta King Lovelace', 'AL'],
    ['eve', 'E'],
    ['  émile  zola ', 'ÉZ'],
    ['', '?'],
  ])('%s → %s', (name, initials) => {
    expect(initialsOf(name)).toBe(initials);
  });
});

describe(nextMenuIndex.name, () => {
  it('moves down and up around the ends, and jumps to either end', () => {
    expect(nextMenuIndex('ArrowDown', 2, 3)).toBe(0);
    expect(nextMenuIndex('ArrowUp', 0, 3)).toBe(2);
    expect(nextMenuIndex('Home', 2, 3)).toBe(0);
    expect(nextMenuIndex('End', 0, 3)).toBe(2);
    expect(nextMenuIndex('a', 0, 3)).toBeNull();
  });
});
