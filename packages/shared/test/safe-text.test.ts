import { describe, expect, it } from 'vitest';
import { describeUnsafeCharacter, findUnsafeCharacter, hasVisibleCharacter } from '../src/text/safe-text.js';

describe(findUnsafeCharacter.name, () => {
  it.each([
    'Plain text.',
    'Two lines\nand a\ttab',
    'Ünïcödé, кириллица, 漢字, emoji 😀 and 👨‍👩‍👧',
    'A soft\u00ADhyphen and a zero\u200Bwidth space are allowed in comments',
  ])('accepts %j as text', (text) => {
    expect(findUnsafeCharacter(text)).toBeNull();
  });

  it.each([
    { text: 'a\u0000b', codePoint: 'U+0000', index: 1 },
    { text: 'carriage\r\nreturn', codePoint: 'U+000D', index: 8 },
    { text: 'escape \u001B[31m', codePoint: 'U+001B', index: 7 },
    { text: 'delete\u007F', codePoint: 'U+007F', index: 6 },
    { text: 'c1\u009B', codePoint: 'U+009B', index: 2 },
  ])('finds the control character $codePoint in text', ({ text, codePoint, index }) => {
    expect(findUnsafeCharacter(text)).toEqual({ problem: 'control', codePoint, index });
  });

  it.each([
    { text: 'high \ud83d alone', codePoint: 'U+D83D' },
    { text: 'low \ude00 alone', codePoint: 'U+DE00' },
    { text: 'reversed \ude00\ud83d', codePoint: 'U+DE00' },
  ])('finds the unpaired surrogate $codePoint', ({ text, codePoint }) => {
    expect(findUnsafeCharacter(text)).toMatchObject({ problem: 'surrogate', codePoint });
  });

  it('reports the earliest problem', () => {
    expect(findUnsafeCharacter('\ud800 then \u0000')).toMatchObject({ problem: 'surrogate', index: 0 });
    expect(findUnsafeCharacter('\u0000 then \ud800')).toMatchObject({ problem: 'control', index: 0 });
  });

  describe('names', () => {
    it.each(['Ana', 'Анна', 'José María', '李小龍', 'Red ❤️ heart', 'Zoë 😀'])('accepts %j', (name) => {
      expect(findUnsafeCharacter(name, 'name')).toBeNull();
    });

    it.each([
      { name: 'Two\nlines', codePoint: 'U+000A', problem: 'control' },
      { name: 'Tab\there', codePoint: 'U+0009', problem: 'control' },
      { name: 'Mod\u200Berator', codePoint: 'U+200B', problem: 'invisible' },
      { name: 'Soft\u00ADhyphen', codePoint: 'U+00AD', problem: 'invisible' },
      { name: '\u202Erotaredom', codePoint: 'U+202E', problem: 'invisible' },
      { name: 'joined\u200Dname', codePoint: 'U+200D', problem: 'invisible' },
      { name: 'filler\u3164', codePoint: 'U+3164', problem: 'invisible' },
      { name: 'tag\u{E0041}', codePoint: 'U+E0041', problem: 'invisible' },
    ])('refuses $codePoint in a name ($problem)', ({ name, codePoint, problem }) => {
      expect(findUnsafeCharacter(name, 'name')).toMatchObject({ problem, codePoint });
    });
  });
});

describe(describeUnsafeCharacter.name, () => {
  it('says which character and what to do', () => {
    expect(describeUnsafeCharacter({ problem: 'control', codePoint: 'U+0000', index: 0 })).toBe(
      'contains a control character (U+0000) that cannot be stored; remove it',
    );
    expect(describeUnsafeCharacter({ problem: 'control', codePoint: 'U+000A', index: 0 }, 'name')).toBe(
      'contains a line break or tab (U+000A); a name must be a single line',
    );
    expect(describeUnsafeCharacter({ problem: 'invisible', codePoint: 'U+200B', index: 0 }, 'name')).toBe(
      'contains an invisible character (U+200B); a name cannot hold invisible characters',
    );
  });
});

describe(hasVisibleCharacter.name, () => {
  it.each(['a', ' . ', 'é', '😀', '漢', '\u200Bx\u200B'])('sees something in %j', (text) => {
    expect(hasVisibleCharacter(text)).toBe(true);
  });

  it.each([
    '',
    ' \n\t',
    '\u200B',
    '\u200B\u200C\u200D\u2060\uFEFF',
    '\u00AD',
    '\u3164\u115F\u1160\uFFA0',
    '\u2800',
    '\u0301\u0302',
    '\u00A0\u2003\u3000',
    '\uFE0F',
  ])('sees nothing in %j', (text) => {
    expect(hasVisibleCharacter(text)).toBe(false);
  });
});
