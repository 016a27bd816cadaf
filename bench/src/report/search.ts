/** The search scenario's targets (issue 21 item 3) and its rows of the results table. */
import type { PostingCost, PostingRound } from '../scenarios/search-posting.js';
import type { SearchMeasure } from '../scenarios/search.js';
import { cpuCell, dbCell, int, ms, num, ratio, validCell, verdict, waitCell, type Row } from './format.js';
import { minMedianMax, type TargetCheck } from './targets.js';

/** The size and targets: a million comments, p99 ≤ 100 ms, posting within 10% of without. */
export const FULL_SEARCH_COMMENTS = 1_000_000;
export const SEARCH_TARGET_P99_MS = 100;
export const POSTING_TOLERANCE = 0.1;

export interface PostingComparison {
  rounds: { with: number; without: number };
  /** min / median / max over the rounds of each state. */
  perSecond: { with: [number, number, number]; without: [number, number, number] };
  p99: { with: [number, number, number]; without: [number, number, number] };
  loadAverage: [number, number, number];
  /** Median with ÷ median without. */
  throughputRatio: number;
  p99Ratio: number;
  valid: boolean;
}

/** Compares the rounds with the index against those without: medians, spreads, ratios. */
export function comparePosting(
  rounds: Pick<PostingRound, 'index' | 'loadAverage' | 'measure'>[],
): PostingComparison {
  const of = (state: 'with' | 'without') => rounds.filter((round) => round.index === state);
  const spread = (state: 'with' | 'without', pick: (round: PostingRound['measure']) => number) =>
    minMedianMax(of(state).map((round) => pick(round.measure)));
  const perSecond = {
    with: spread('with', (m) => m.perSecond),
    without: spread('without', (m) => m.perSecond),
  };
  const p99 = {
    with: spread('with', (m) => m.latency.p99),
    without: spread('without', (m) => m.latency.p99),
  };
  return {
    rounds: { with: of('with').length, without: of('without').length },
    perSecond,
    p99,
    loadAverage: minMedianMax(rounds.map((round) => round.loadAverage)),
    throughputRatio: perSecond.with[1] / perSecond.without[1],
    p99Ratio: p99.with[1] / p99.without[1],
    valid: rounds.every((round) => round.measure.validity.valid),
  };
}

export function searchChecks(search: SearchMeasure): TargetCheck[] {
  const reducedSize = search.comments < FULL_SEARCH_COMMENTS;
  const checks: TargetCheck[] = search.cases.map((item) => {
    const invalid = !item.parley.validity.valid;
    return {
      key: `search:${item.name}`,
      name: `search ${item.name}: p99 ≤ ${SEARCH_TARGET_P99_MS} ms`,
      pass: !invalid && item.parley.requests > 0 && item.parley.latency.p99 <= SEARCH_TARGET_P99_MS,
      invalid,
      reducedSize,
      detail: `p99 ${ms(item.parley.latency.p99)} ms, ${num(item.parley.perSecond)}/s, ${int(item.matches)} matches`,
    };
  });
  if (search.posting && search.posting.rounds.length > 0) {
    const cost = comparePosting(search.posting.rounds);
    const within = 1 - POSTING_TOLERANCE;
    checks.push({
      key: 'search:posting',
      name: `posting with the text index within ${POSTING_TOLERANCE * 100}% of without (comments/s and p99, medians)`,
      pass: cost.valid && cost.throughputRatio >= within && cost.p99Ratio <= 1 + POSTING_TOLERANCE,
      invalid: !cost.valid,
      reducedSize,
      detail:
        `${ratio(cost.throughputRatio)} comments/s, p99 ${ratio(cost.p99Ratio)} ` +
        `(${cost.rounds.with} + ${cost.rounds.without} rounds, load average ${cost.loadAverage[0]}–${cost.loadAverage[2]})`,
    });
  }
  return checks;
}

const range = ([low, , high]: [number, number, number], format: (value: number) => string) =>
  `${format(low)}–${format(high)}`;

function postingRows(posting: PostingCost, check: TargetCheck | undefined): Row[] {
  const cost = comparePosting(posting.rounds);
  const rows: Row[] = posting.rounds.map((round, index) => [
    index === 0 ? `posting, ${posting.writers} authors, text index with / without` : '',
    `round ${index + 1} ${round.index}: comments/s; p50/p99 ms; load avg`,
    `${num(round.measure.perSecond)}; ${ms(round.measure.latency.p50)} / ${ms(round.measure.latency.p99)}; ${round.loadAverage}`,
    `${cpuCell(round.measure.cpu)}; ${waitCell(round.measure.cpu)}; ${dbCell(round.measure.db)}`,
    '',
    '',
    validCell(round.measure.validity),
  ]);
  rows.push(
    [
      '',
      'comments/s with (min–max) / without; median ratio',
      `${num(cost.perSecond.with[1])} (${range(cost.perSecond.with, num)})`,
      `${num(cost.perSecond.without[1])} (${range(cost.perSecond.without, num)})`,
      ratio(cost.throughputRatio),
      `≥ ${1 - POSTING_TOLERANCE}×`,
      verdict(check),
    ],
    [
      '',
      'p99 ms with (min–max) / without; median ratio',
      `${ms(cost.p99.with[1])} (${range(cost.p99.with, ms)})`,
      `${ms(cost.p99.without[1])} (${range(cost.p99.without, ms)})`,
      ratio(cost.p99Ratio),
      `≤ ${1 + POSTING_TOLERANCE}×`,
      '',
    ],
  );
  return rows;
}

/** Search rows: one pair per search (Parley only: the baseline column holds what it matched), then posting. */
export function searchRows(search: SearchMeasure, checks: TargetCheck[]): Row[] {
  const find = (key: string) => checks.find((check) => check.key === key);
  const rows: Row[] = search.cases.flatMap((item, index): Row[] => [
    [
      index === 0
        ? `search ${int(search.comments)}, ${search.concurrency} moderators: ${item.name}`
        : `search: ${item.name}`,
      'latency p50/p95/p99 ms; requests/s',
      `${ms(item.parley.latency.p50)} / ${ms(item.parley.latency.p95)} / ${ms(item.parley.latency.p99)}; ${num(item.parley.perSecond)}`,
      `${int(item.matches)} matches, ${item.results} on page`,
      '',
      `p99 ≤ ${SEARCH_TARGET_P99_MS} ms`,
      verdict(find(`search:${item.name}`)),
    ],
    [
      '',
      'errors; CPU % server / load / pg; wait %; DB busy',
      `${item.parley.failed}; ${cpuCell(item.parley.cpu)}; ${waitCell(item.parley.cpu)}; ${dbCell(item.parley.db)}`,
      '',
      '',
      'valid',
      validCell(item.parley.validity),
    ],
  ]);
  if (search.posting && search.posting.rounds.length > 0)
    rows.push(...postingRows(search.posting, find('search:posting')));
  return rows;
}
