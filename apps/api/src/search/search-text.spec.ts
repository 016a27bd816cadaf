import { describe, expect, it } from 'vitest';
import { parseSearchText } from './search-text.js';

describe(parseSearchText.name, () => {
  it('joins words with AND, phrases with FOLLOWED BY, and marks prefixes', () => {
    expect(parseSearchText('quick "brown fox" moder*').tsquery).toBe(
      "'quick' & ('brown' <-> 'fox') & 'moder':*",
    );
  });

  it('ends a phrase in a prefix when its last word has a star', () => {
    expect(parseSearchText('"brown qu*"').tsquery).toBe("('brown' <-> 'qu':*)");
  });

  it('keeps Cyrillic, Latin with diacritics and digits as they are, leaving case to Postgres', () => {
    expect(parseSearchText('Привет Čačak 2026').tsquery).toBe("'Привет' & 'Čačak' & '2026'");
  });

  it('puts exclusions after the words to find, and finds nothing with exclusions alone', () => {
    expect(parseSearchText('-spam news').tsquery).toBe("'news' & !'spam'");
    expect(parseSearchText('-spam -"bad words"').tsquery).toBeNull();
  });

  it('splits words on punctuation as the text parser does', () => {
    expect(parseSearchText("don't well-known").tsquery).toBe("('don' <-> 't') & ('well' <-> 'known')");
  });

  it('never lets tsquery syntax through: operators and quotes only separate words', () => {
    for (const hostile of [`&|!():*'\\`, "'", '\\', '<->', ':*', '""', '"', '*', '-', '!!']) {
      expect(parseSearchText(hostile).tsquery, hostile).toBeNull();
    }
    expect(parseSearchText("a'&b|c!(d):*e\\f").tsquery).toBe("('a' <-> 'b' <-> 'c' <-> 'd' <-> 'e' <-> 'f')");
    expect(parseSearchText("'; DROP TABLE comments; --").tsquery).toBe("'DROP' & 'TABLE' & 'comments'");
  });

  it('reads an unclosed quote as a phrase to the end', () => {
    expect(parseSearchText('"quick brown').tsquery).toBe("('quick' <-> 'brown')");
  });
});
