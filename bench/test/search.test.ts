import { describe, expect, it } from 'vitest';
import type { HttpMeasure } from '../src/scenarios/http.js';
import { corpusShape } from '../src/lib/search-seed.js';
import { articleWords, seedLanguages, serbianToLatin, wordsOf } from '../src/lib/search-text.js';
import { comparePosting, searchChecks } from '../src/report/search.js';
import { SEARCH_CASES, searchPath } from '../src/scenarios/search-cases.js';
import { roundPlan } from '../src/scenarios/search-posting.js';
import type { SearchMeasure } from '../src/scenarios/search.js';

const CYRILLIC = /^[\p{Script=Cyrillic}]+$/u;

function measure(perSecond: number, p99: number, valid = true): HttpMeasure {
  return {
    requests: 100,
    perSecond,
    latency: { count: 100, p50: p99 / 2, p95: p99 * 0.9, p99, max: p99 },
    failed: 0,
    statuses: { 200: 100 },
    firstError: null,
    bytesPerResponse: 1000,
    cpu: { server: 50, load: 10, postgres: 20, processes: [] } as unknown as HttpMeasure['cpu'],
    validity: { valid, reasons: valid ? [] : ['gen at 90% of a core'] },
    db: { samples: 1, activeMean: 1, waits: {} },
  };
}

describe('the search seed text', () => {
  it('writes Serbian Cyrillic in Latin letter by letter, digraphs and capitals included', () => {
    expect(serbianToLatin('Љубав и њива, Џеј, ђак, ћуд')).toBe('Ljubav i njiva, Džej, đak, ćud');
    expect(serbianToLatin('Београд 2026')).toBe('Beograd 2026');
  });

  it('orders the article’s words by how often it uses them', () => {
    expect(articleWords(['the West and the Balkans', 'The West'])).toEqual(['the', 'west', 'and', 'balkans']);
  });

  it('has four languages whose shares add up to all comments, each word a single search word', () => {
    const languages = seedLanguages({ paragraphs: ['Sergey Lavrov said the West'] });
    expect(languages.map((language) => language.code)).toEqual(['en', 'ru', 'sr-Cyrl', 'sr-Latn']);
    expect(languages.reduce((sum, language) => sum + language.share, 0)).toBeCloseTo(1);
    for (const language of languages) {
      expect(language.words.length).toBeGreaterThan(80);
      // Each is one word to the search (no spaces or punctuation), listed once.
      for (const word of language.words) expect(wordsOf(word)).toEqual([word]);
      expect(new Set(language.words.map((word) => word.toLowerCase())).size).toBe(language.words.length);
    }
    const [english, russian, cyrillic, latin] = languages;
    expect(english!.words.slice(0, 3)).toEqual(['sergey', 'lavrov', 'said']);
    expect(russian!.words.every((word) => CYRILLIC.test(word) || word === 'НАТО' || word === 'ООН')).toBe(
      true,
    );
    expect(cyrillic!.words.every((word) => CYRILLIC.test(word))).toBe(true);
    expect(latin!.words.some((word) => CYRILLIC.test(word))).toBe(false);
    expect(latin!.words).toContain('Beograd');
  });

  it('holds the words the measured searches look for', () => {
    const russian = seedLanguages({ paragraphs: [] })[1]!.words;
    for (const word of ['санкции', 'Россия', 'Сербия', 'правительство', 'правда'])
      expect(russian).toContain(word);
  });

  it('gives a corpus thousands of stories and authors at a million comments, a few at a small size', () => {
    expect(corpusShape(1_000_000)).toEqual({ stories: 3333, authors: 5000 });
    expect(corpusShape(1000)).toEqual({ stories: 20, authors: 50 });
  });
});

describe('the search cases', () => {
  it('sends each search as the endpoint reads it, encoded, with its filter and cursor', () => {
    const path = searchPath(
      { q: '"Россия Сербия"', sort: 'rank', filter: 'story' },
      { user: 'u1', story: 's-1' },
      20,
      'abc',
    );
    const url = new URL(path, 'http://127.0.0.1');
    expect(url.pathname).toBe('/api/moderation/search');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: '"Россия Сербия"',
      sort: 'rank',
      limit: '20',
      story: 's-1',
      cursor: 'abc',
    });
    expect(path).not.toMatch(/[\s"Р]/);
  });

  it('covers word, phrase and prefix, both sorts, the second page and both filters', () => {
    const names = SEARCH_CASES.map((item) => item.name);
    expect(names).toEqual(
      expect.arrayContaining(['word, newest', 'word, rank, page 2', 'phrase, newest', 'prefix, rank']),
    );
    expect(SEARCH_CASES.filter((item) => item.filter).map((item) => item.filter)).toEqual(['user', 'story']);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('posting with and without the text index', () => {
  it('alternates the order of each pair, so a drift in the machine’s load shows as spread', () => {
    expect(roundPlan(3)).toEqual(['with', 'without', 'without', 'with', 'with', 'without']);
    expect(roundPlan(0)).toEqual([]);
  });

  it('compares the medians of the rounds and keeps their spread', () => {
    const cost = comparePosting([
      { index: 'with', loadAverage: 1.2, measure: measure(900, 50) },
      { index: 'without', loadAverage: 1.5, measure: measure(1000, 40) },
      { index: 'without', loadAverage: 0.9, measure: measure(1100, 44) },
      { index: 'with', loadAverage: 1.1, measure: measure(1000, 60) },
    ]);
    expect(cost.rounds).toEqual({ with: 2, without: 2 });
    expect(cost.perSecond.with).toEqual([900, 950, 1000]);
    expect(cost.perSecond.without).toEqual([1000, 1050, 1100]);
    expect(cost.throughputRatio).toBeCloseTo(950 / 1050);
    expect(cost.p99Ratio).toBeCloseTo(55 / 42);
    expect(cost.loadAverage).toEqual([0.9, 1.15, 1.5]);
    expect(cost.valid).toBe(true);
  });
});

describe(searchChecks.name, () => {
  const search = (p99: number, valid = true, comments = 1_000_000): SearchMeasure =>
    ({
      comments,
      concurrency: 4,
      cases: [{ name: 'word, newest', path: '/', matches: 10, results: 10, parley: measure(50, p99, valid) }],
      posting: {
        writers: 32,
        rebuildSeconds: [],
        rounds: [
          { index: 'with', loadAverage: 1, measure: measure(960, 40) },
          { index: 'without', loadAverage: 1, measure: measure(1000, 38) },
        ],
      },
    }) as unknown as SearchMeasure;

  it('passes a search at p99 ≤ 100 ms and posting within 10% of without, at the full size', () => {
    const [word, posting] = searchChecks(search(100));
    expect(word).toMatchObject({
      key: 'search:word, newest',
      pass: true,
      invalid: false,
      reducedSize: false,
    });
    expect(posting).toMatchObject({ key: 'search:posting', pass: true, invalid: false });
  });

  it('misses over 100 ms, is invalid when the load was the limit, and indicative below a million', () => {
    expect(searchChecks(search(101))[0]).toMatchObject({ pass: false, invalid: false });
    expect(searchChecks(search(50, false))[0]).toMatchObject({ pass: false, invalid: true });
    expect(searchChecks(search(50, true, 50_000))[0]).toMatchObject({ pass: true, reducedSize: true });
  });
});
