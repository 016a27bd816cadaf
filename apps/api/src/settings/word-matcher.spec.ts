import { describe, expect, it } from 'vitest';
import { WordMatcher, normalizeWord } from './word-matcher.js';

describe(WordMatcher.name, () => {
  describe('whole words only', () => {
    it.each([
      { text: 'a class act', word: 'ass' },
      { text: 'the assassin', word: 'ass' },
      { text: 'Scunthorpe United', word: 'cunt' },
      { text: 'idiots everywhere', word: 'idiot' },
      { text: 'semi-idiotic', word: 'idiot' },
    ])('does not find "$word" inside "$text"', ({ text, word }) => {
      const sut = new WordMatcher([word]);

      expect(sut.match(text)).toEqual([]);
    });

    it.each([
      { text: 'ass', word: 'ass' },
      { text: 'what an idiot.', word: 'idiot' },
      { text: '(idiot)', word: 'idiot' },
      { text: 'idiot!!!', word: 'idiot' },
      { text: 'line one\nidiot\nline three', word: 'idiot' },
      { text: '"idiot"', word: 'idiot' },
    ])('finds "$word" standing alone in $text', ({ text, word }) => {
      const sut = new WordMatcher([word]);

      expect(sut.match(text)).toEqual([word]);
    });
  });

  describe('case and accents', () => {
    it.each([
      { text: 'You IDIOT', found: 'IDIOT' },
      { text: 'You Idiot', found: 'Idiot' },
      { text: 'You Ídiot', found: 'Ídiot' },
      { text: 'You ïdïöt', found: 'ïdïöt' },
      // Full-width letters fold to ASCII under NFKD.
      { text: 'You ｉｄｉｏｔ', found: 'ｉｄｉｏｔ' },
      // The same accent written as a separate combining mark (NFD, as macOS keyboards produce it).
      { text: 'You I\u0301diot', found: 'I\u0301diot' },
    ])('matches "idiot" in "$text" and reports the fragment as written', ({ text, found }) => {
      const sut = new WordMatcher(['idiot']);

      expect(sut.match(text)).toEqual([found]);
    });

    it('matches an accented list entry against plain text', () => {
      const sut = new WordMatcher(['Crétin']);

      expect(sut.match('quel cretin')).toEqual(['cretin']);
    });

    it('does not let a combining mark split a word into harmless pieces', () => {
      const sut = new WordMatcher(['diot']);

      expect(sut.match('i\u0301diot')).toEqual([]);
    });
  });

  describe('hidden characters and look-alikes', () => {
    it.each([
      { text: 'you id\u200Biot', found: 'id\u200Biot', why: 'a zero-width space' },
      { text: 'you id\u00ADiot', found: 'id\u00ADiot', why: 'a soft hyphen' },
      { text: 'you i\u200Dd\u200Ci\u2060o\uFEFFt', found: 'i\u200Dd\u200Ci\u2060o\uFEFFt', why: 'joiners' },
      { text: 'you id\u3164iot', found: 'id\u3164iot', why: 'a Hangul filler' },
      { text: 'you id\u034Fiot', found: 'id\u034Fiot', why: 'a combining grapheme joiner' },
      { text: 'you \u0456d\u0456ot', found: '\u0456d\u0456ot', why: 'Cyrillic і' },
      { text: 'you idi\u043Et', found: 'idi\u043Et', why: 'Cyrillic о' },
      { text: 'YOU IDI\u041E\u0422', found: 'IDI\u041E\u0422', why: 'Cyrillic capital О and Т' },
      { text: 'you \u0456d\u0456\u03BFt', found: '\u0456d\u0456\u03BFt', why: 'Cyrillic and Greek mixed' },
      { text: 'you id\u200B\u0456\u00ADot', found: 'id\u200B\u0456\u00ADot', why: 'both at once' },
    ])('matches "idiot" hidden behind $why', ({ text, found }) => {
      const sut = new WordMatcher(['idiot']);

      expect(sut.match(text)).toEqual([found]);
    });

    it('does not report an invisible character after a word as part of it', () => {
      const sut = new WordMatcher(['idiot']);

      expect(sut.match('idiot\u200B and \u200Bidiot')).toEqual(['idiot']);
    });

    it('matches a phrase whose words are split by invisible characters', () => {
      const sut = new WordMatcher(['shut up']);

      expect(sut.match('sh\u00ADut \u200Bu\u0440')).toEqual(['sh\u00ADut \u200Bu\u0440']);
    });

    it('folds list entries the same way as the text', () => {
      const sut = new WordMatcher(['id\u200Biot', '\u0456diot', 'IDIOT']);

      expect(sut.size).toBe(1);
      expect(sut.match('idiot')).toEqual(['idiot']);
    });

    it('keeps a Cyrillic list case-insensitive', () => {
      const sut = new WordMatcher(['дурак', 'ХЕР']);

      expect(sut.match('Ты ДУРАК, а он дурак, и хер')).toEqual(['ДУРАК', 'дурак', 'хер']);
    });

    it('does not fold plain ASCII letters into each other (m is not rn, d is not cl, I is not l)', () => {
      const sut = new WordMatcher(['bum', 'dick', 'hell', 'cool']);

      expect(sut.match('burn the click, heII, c00l, Hell')).toEqual(['Hell']);
    });

    it.each([
      'The quick brown fox jumps over the lazy dog at the cocktail party.',
      'Ordinary words like assess, passage, titmouse, cockpit and popular music are fine.',
      'Привет! Как дела? Сегодня хорошая погода, и мы пойдём в парк.',
      'Мама мыла раму, а кот спал на окне. Это наш дом, и в нём тепло.',
      'Он сказал, что у него нет времени, но вечером он придёт к нам.',
      'ТАК ВОТ: СОК, РАК, ХОР, ВЕС, МАМА, НЕТ, КОТ.',
      'Καλημέρα, τι κάνεις; Όλα καλά εδώ.',
      'Dobrý den, jak se máte? Straße, cœur, øl, ıstanbul.',
    ])('finds nothing in an ordinary sentence: %s', (text) => {
      const sut = new WordMatcher([
        'ass',
        'cock',
        'tit',
        'pop',
        'bum',
        'hell',
        'crap',
        'idiot',
        'xxx',
        'дурак',
        'сука',
        'хер',
      ]);

      expect(sut.match(text)).toEqual([]);
    });
  });

  describe('phrases', () => {
    it('matches a multi-word entry across any run of spaces and punctuation', () => {
      const sut = new WordMatcher(['shut up']);

      expect(sut.match('Oh, SHUT   up. And shut-up! And shut\nup')).toEqual([
        'SHUT   up',
        'shut-up',
        'shut\nup',
      ]);
    });

    it('does not match the words of a phrase apart', () => {
      const sut = new WordMatcher(['shut up']);

      expect(sut.match('shut the door, then up we go')).toEqual([]);
    });

    it('does not match one word of a phrase alone', () => {
      const sut = new WordMatcher(['go away now']);

      expect(sut.match('go away')).toEqual([]);
    });

    it('finds a phrase and a single word in the same text, in text order', () => {
      const sut = new WordMatcher(['jerk', 'shut up']);

      expect(sut.match('shut up, you jerk')).toEqual(['shut up', 'jerk']);
    });

    it('finds overlapping entries', () => {
      const sut = new WordMatcher(['stupid', 'stupid idiot', 'idiot']);

      expect(sut.match('a stupid idiot')).toEqual(['stupid', 'stupid idiot', 'idiot']);
    });

    it('matches phrases up to five words', () => {
      const sut = new WordMatcher(['one two three four five']);

      expect(sut.match('zero one two three four five six')).toEqual(['one two three four five']);
    });
  });

  describe('what it reports', () => {
    it('reports each distinct fragment once', () => {
      const sut = new WordMatcher(['idiot']);

      expect(sut.match('idiot idiot Idiot idiot')).toEqual(['idiot', 'Idiot']);
    });

    it('keeps apostrophes inside a word', () => {
      const sut = new WordMatcher(["don't"]);

      expect(sut.match("I don't know")).toEqual(["don't"]);
      expect(sut.match('I don t know')).toEqual([]);
    });

    it('treats the typographic apostrophe like the plain one', () => {
      const sut = new WordMatcher(["don't"]);

      expect(sut.match('I don’t know')).toEqual(['don’t']);
    });

    it('matches numbers and mixed letters and digits as words', () => {
      const sut = new WordMatcher(['l33t', '1312']);

      expect(sut.match('so L33T, 1312')).toEqual(['L33T', '1312']);
    });
  });

  describe('the list', () => {
    it('matches nothing when empty', () => {
      const sut = new WordMatcher([]);

      expect(sut.size).toBe(0);
      expect(sut.match('anything at all')).toEqual([]);
    });

    it('ignores entries with no letters or digits', () => {
      const sut = new WordMatcher(['!!!', '   ', '—']);

      expect(sut.size).toBe(0);
      expect(sut.match('!!! — ')).toEqual([]);
    });

    it('folds entries that differ only in case, accents or spacing into one', () => {
      const sut = new WordMatcher(['Idiot', 'idiot', 'ÍDIOT', 'shut  up', 'Shut up']);

      expect(sut.size).toBe(2);
    });

    it('reads punctuation inside an entry as a word break', () => {
      const sut = new WordMatcher(['ass-hat']);

      expect(sut.match('you ass hat')).toEqual(['ass hat']);
      expect(sut.match('you asshat')).toEqual([]);
    });
  });

  describe('time', () => {
    it('stays linear on a 5000-character adversarial comment against a 5000-entry list', () => {
      // Entries that share long prefixes with the text, phrases up to the five-word maximum,
      // and a near-miss text: the worst case for a backtracking regular expression.
      const words = Array.from({ length: 5000 }, (_, index) =>
        index % 2 === 0
          ? `a${'a'.repeat(index % 40)}b`
          : Array.from({ length: (index % 5) + 1 }, () => 'a').join(' ') + ' b',
      );
      const text = `${'a '.repeat(2499)}a`;
      expect(text).toHaveLength(4999);
      const sut = new WordMatcher(words);

      const started = performance.now();
      const matched = sut.match(text);
      const single = sut.match('a'.repeat(5000));
      const elapsed = performance.now() - started;

      expect(matched).toEqual([]);
      expect(single).toEqual([]);
      // A behaviour bound, not a benchmark: quadratic or exponential matching would take seconds.
      expect(elapsed).toBeLessThan(500);
    });

    it('stays linear on long runs of invisible characters inside and between words', () => {
      const sut = new WordMatcher(['idiot', 'shut up']);
      const text = `${'a\u200B'.repeat(1250)}${'\u00AD'.repeat(2500)}!`;

      const started = performance.now();
      const matched = sut.match(text);
      const elapsed = performance.now() - started;

      expect(matched).toEqual([]);
      expect(elapsed).toBeLessThan(500);
    });

    it('builds a 5000-entry list quickly', () => {
      const words = Array.from({ length: 5000 }, (_, index) => `word${index} phrase${index}`);

      const started = performance.now();
      const sut = new WordMatcher(words);
      const elapsed = performance.now() - started;

      expect(sut.size).toBe(5000);
      expect(sut.match('say word4999 phrase4999 now')).toEqual(['word4999 phrase4999']);
      expect(elapsed).toBeLessThan(500);
    });
  });
});

describe(normalizeWord.name, () => {
  it.each([
    { input: 'Ídiot', output: 'idiot' },
    { input: 'I\u0301diot', output: 'idiot' },
    { input: 'ＡＢＣ', output: 'abc' },
    { input: 'ÇA', output: 'ca' },
    { input: 'don’t', output: "don't" },
    { input: 'id\u200Biot', output: 'idiot' },
    { input: 'id\u00ADiot', output: 'idiot' },
    { input: '\u0456d\u0456\u043Et', output: 'idiot' },
    { input: 'burn', output: 'burn' },
    { input: 'I0m1', output: 'i0m1' },
  ])('folds "$input" to "$output"', ({ input, output }) => {
    expect(normalizeWord(input)).toBe(output);
  });
});
