import { describe, expect, it } from 'vitest';
import { excerptOf } from './notification.mapper.js';

describe(excerptOf.name, () => {
  it('shows the words without the format’s marks, on one line', () => {
    expect(excerptOf('I wonder *which*\n\n> **one** it was')).toBe('I wonder which one it was');
  });

  it('cuts a long comment at a character boundary with an ellipsis', () => {
    expect(excerptOf('_a_ 😀😀😀😀', 4)).toBe('a 😀…');
  });
});
