/** The scoring scenario's target (issue 25) and its rows of the results table. */
import type { ScoringMeasure, ScoringPair } from '../scenarios/scoring.js';
import { cpuCell, int, ms, num, ratio, validCell, verdict, waitCell, type Row } from './format.js';
import { minMedianMax, type TargetCheck } from './targets.js';

/** Posting p99 with scoring on at most this multiple of the same run's p99 with it off. */
export const SCORING_P99_RATIO = 1.3;
/**
 * "The event loop's lag unchanged": its p99 with scoring on at most this far above the p99 with it
 * off. prom-client samples the loop every 10 ms, so smaller differences are below what it can tell.
 */
export const EVENT_LOOP_TOLERANCE_MS = 10;
/** The writes target's size: fewer authors is indicative only. */
const FULL_WRITERS = 32;

/**
 * Scoring on vs off: the median run's p99 ratio and event-loop rise, on valid runs only. The median,
 * not every run: on 2 cores Postgres shares the server's core, and off's own p99 moves by about a
 * third from one run to the next (shown in the detail), so a single run past 1.3× is within noise.
 */
export function checkScoring(pairs: ScoringPair[]): TargetCheck | undefined {
  if (!pairs.length) return undefined;
  const invalid = pairs.some((pair) => !pair.on.validity.valid || !pair.off.validity.valid);
  const ratios = pairs.map((pair) => pair.on.latency.p99 / pair.off.latency.p99);
  const loopRises = pairs.map((pair) => pair.on.eventLoop.p99 - pair.off.eventLoop.p99);
  const [low, median, high] = minMedianMax(ratios);
  const [, loopMedian, loopHigh] = minMedianMax(loopRises);
  const [offLow, , offHigh] = minMedianMax(pairs.map((pair) => pair.off.latency.p99));
  const runs = pairs.length;
  return {
    key: 'scoring',
    name:
      `scoring on, ${pairs[0]!.writers} authors: posting p99 ≤ ${SCORING_P99_RATIO}× off, ` +
      `event-loop p99 ≤ off + ${EVENT_LOOP_TOLERANCE_MS} ms${runs > 1 ? `, median of ${runs} runs` : ''}`,
    pass:
      !invalid &&
      Number.isFinite(median) &&
      median <= SCORING_P99_RATIO &&
      Number.isFinite(loopMedian) &&
      loopMedian <= EVENT_LOOP_TOLERANCE_MS,
    invalid,
    reducedSize: pairs[0]!.writers < FULL_WRITERS,
    detail:
      (runs > 1
        ? `p99 ratio median ${ratio(median)} (${ratio(low)}–${ratio(high)} over ${runs} runs)`
        : `p99 ${ratio(median)}`) +
      `, event-loop p99 ${signedMs(loopMedian)}${runs > 1 ? ` (at most ${signedMs(loopHigh)})` : ''}` +
      (runs > 1 ? `; off alone varied ${ratio(offHigh / offLow)} between its runs` : '') +
      (invalid ? '; INVALID run(s): the load, not the server, was the limit (reasons below the table)' : ''),
  };
}

const signedMs = (value: number) => `${value >= 0 ? '+' : '−'}${ms(Math.abs(value))} ms`;

function scoresCell(measure: ScoringMeasure): string {
  const scores = measure.scores;
  if (!scores) return '–';
  const missed = Object.values(scores.misses).reduce((sum, count) => sum + count, 0);
  return `${num(scores.perSecond)} / ${int(missed)} / ${ms(scores.waitP50)} / ${ms(scores.waitP99)}`;
}

export function scoringRows(pairs: ScoringPair[], check: TargetCheck | undefined): Row[] {
  const rows: Row[] = [];
  const loop = (measure: ScoringMeasure) => `${ms(measure.eventLoop.p99)} / ${ms(measure.eventLoop.max)}`;
  pairs.forEach((pair, index) => {
    const { on, off } = pair;
    const target = index === pairs.length - 1 && pair.runs === 1 ? check : undefined;
    rows.push(
      [
        `scoring on (Parley) vs off (base), ${pair.writers} authors${pair.runs > 1 ? ` (run ${pair.run}/${pair.runs})` : ''}`,
        'comments/s',
        num(on.perSecond),
        num(off.perSecond),
        ratio(on.perSecond / off.perSecond),
        '',
        '',
      ],
      [
        '',
        'latency p50/p99 ms',
        `${ms(on.latency.p50)} / ${ms(on.latency.p99)}`,
        `${ms(off.latency.p50)} / ${ms(off.latency.p99)}`,
        `p99 ${ratio(on.latency.p99 / off.latency.p99)}`,
        `p99 ≤ ${SCORING_P99_RATIO}×`,
        verdict(target),
      ],
      [
        '',
        'event-loop delay p99 / max ms',
        loop(on),
        loop(off),
        `p99 ${signedMs(on.eventLoop.p99 - off.eventLoop.p99)}`,
        `≤ +${EVENT_LOOP_TOLERANCE_MS} ms`,
        '',
      ],
      ['', 'scores/s / misses / score p50 / p99 ms', scoresCell(on), scoresCell(off), '', '', ''],
      ['', 'errors', String(on.failed), String(off.failed), '', '', ''],
      ['', 'CPU % server / load / pg', cpuCell(on.cpu), cpuCell(off.cpu), '', '', ''],
      ['', 'run-queue wait % server / load', waitCell(on.cpu), waitCell(off.cpu), '', '', ''],
      ['', 'validity', validCell(on.validity), validCell(off.validity), '', 'valid', ''],
    );
  });
  const last = pairs.at(-1);
  if (last && last.runs > 1) {
    const [low, median, high] = minMedianMax(pairs.map((pair) => pair.on.latency.p99 / pair.off.latency.p99));
    const range = (values: number[]) => {
      const [min, , max] = minMedianMax(values);
      return `${ms(min)}–${ms(max)}`;
    };
    rows.push(
      [
        `scoring, ${pairs.length} runs`,
        'p99 ms min–max; ratio median (min–max)',
        range(pairs.map((pair) => pair.on.latency.p99)),
        range(pairs.map((pair) => pair.off.latency.p99)),
        `${ratio(median)} (${ratio(low)}–${ratio(high)})`,
        `≤ ${SCORING_P99_RATIO}×`,
        verdict(check),
      ],
      [
        '',
        'event-loop p99 ms min–max',
        range(pairs.map((pair) => pair.on.eventLoop.p99)),
        range(pairs.map((pair) => pair.off.eventLoop.p99)),
        '',
        `≤ +${EVENT_LOOP_TOLERANCE_MS} ms`,
        '',
      ],
    );
  }
  return rows;
}
