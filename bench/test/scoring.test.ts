import { describe, expect, it } from 'vitest';
import type { CpuUsage } from '../src/lib/cpu.js';
import { bucketQuantile, counterDelta, histogramDelta, parseMetrics, sumOf } from '../src/lib/prometheus.js';
import { checkScoring, EVENT_LOOP_TOLERANCE_MS, SCORING_P99_RATIO } from '../src/report/scoring.js';
import { eventLoopOf, scoringOf, type ScoringMeasure, type ScoringPair } from '../src/scenarios/scoring.js';

/** A scrape as prom-client writes it, with the toxicity metrics at the given counts. */
function scrapeText(scored: number, timeouts: number, buckets: Record<string, number>, lagP99 = 0.0123) {
  return [
    '# HELP parley_toxicity_scores_total Requests for a local toxicity score by outcome',
    '# TYPE parley_toxicity_scores_total counter',
    `parley_toxicity_scores_total{outcome="scored"} ${scored}`,
    ...(timeouts ? [`parley_toxicity_scores_total{outcome="timeout"} ${timeouts}`] : []),
    '# TYPE parley_toxicity_score_duration_seconds histogram',
    ...Object.entries(buckets).map(
      ([le, count]) => `parley_toxicity_score_duration_seconds_bucket{le="${le}",outcome="scored"} ${count}`,
    ),
    `parley_toxicity_score_duration_seconds_sum{outcome="scored"} 1.5`,
    `parley_toxicity_score_duration_seconds_count{outcome="scored"} ${scored}`,
    `nodejs_eventloop_lag_p50_seconds 0.0101`,
    `nodejs_eventloop_lag_p99_seconds ${lagP99}`,
    `nodejs_eventloop_lag_max_seconds 0.05`,
    `parley_http_request_duration_seconds_bucket{le="0.1",method="POST",route="/api/x",status="201"} 7`,
    '',
  ].join('\n');
}

describe('Prometheus text', () => {
  it('reads names, labels (escapes included) and values, skipping comments', () => {
    const samples = parseMetrics(
      '# HELP x y\nup 1\nhits_total{route="/a\\"b",method="GET"} 3 1700000000000\n\nlag_seconds 0.5e-2\n',
    );
    expect(samples).toEqual([
      { name: 'up', labels: {}, value: 1 },
      { name: 'hits_total', labels: { route: '/a"b', method: 'GET' }, value: 3 },
      { name: 'lag_seconds', labels: {}, value: 0.005 },
    ]);
  });

  it('sums the series that match, and gives a counter the growth between two scrapes', () => {
    const before = parseMetrics('c_total{k="a"} 2\nc_total{k="b"} 5\n');
    const after = parseMetrics('c_total{k="a"} 12\nc_total{k="b"} 6\nc_total{k="new"} 4\n');
    expect(sumOf(after, 'c_total')).toBe(22);
    expect(sumOf(after, 'missing')).toBeNaN();
    expect(counterDelta(before, after, 'c_total', { k: 'a' })).toBe(10);
    // A series that appeared in the window counts from 0; one absent from both is 0.
    expect(counterDelta(before, after, 'c_total', { k: 'new' })).toBe(4);
    expect(counterDelta(before, after, 'c_total', { k: 'none' })).toBe(0);
  });

  it('takes the buckets a histogram gained between two scrapes, in order of their bounds', () => {
    const before = parseMetrics(scrapeText(10, 0, { '0.001': 4, '0.01': 9, '+Inf': 10 }));
    const after = parseMetrics(scrapeText(110, 0, { '0.001': 54, '0.01': 99, '+Inf': 110 }));
    expect(
      histogramDelta(before, after, 'parley_toxicity_score_duration_seconds', { outcome: 'scored' }),
    ).toEqual([
      [0.001, 50],
      [0.01, 90],
      [Infinity, 100],
    ]);
  });
});

describe(bucketQuantile.name, () => {
  it('interpolates within the bucket that holds the quantile, as histogram_quantile does', () => {
    const buckets: [number, number][] = [
      [0.001, 50],
      [0.01, 90],
      [0.1, 100],
      [Infinity, 100],
    ];
    // 50th of 100 is the end of the first bucket; 99th is 9/10 of the way through (0.01, 0.1].
    expect(bucketQuantile(0.5, buckets)).toBeCloseTo(0.001, 9);
    expect(bucketQuantile(0.25, buckets)).toBeCloseTo(0.0005, 9);
    expect(bucketQuantile(0.99, buckets)).toBeCloseTo(0.091, 9);
  });

  it('answers the highest finite bound for a quantile past it, and NaN with no observations', () => {
    expect(
      bucketQuantile(0.99, [
        [0.3, 90],
        [Infinity, 100],
      ]),
    ).toBe(0.3);
    expect(bucketQuantile(0.99, [[Infinity, 0]])).toBeNaN();
    expect(bucketQuantile(0.99, [])).toBeNaN();
  });
});

describe('the scoring figures of a window', () => {
  it('gives scores per second, misses by outcome and the wait percentiles in ms', () => {
    const before = parseMetrics(scrapeText(10, 1, { '0.001': 10, '0.01': 10, '+Inf': 10 }));
    const after = parseMetrics(scrapeText(210, 4, { '0.001': 110, '0.01': 210, '+Inf': 210 }));
    expect(scoringOf(before, after, 10)).toEqual({
      scored: 200,
      perSecond: 20,
      misses: { timeout: 3, queue_full: 0, error: 0 },
      waitP50: 1,
      // The 198th of 200 waits: 98% of the way through (1, 10] ms.
      waitP99: 9.82,
    });
  });

  it("reads the event loop's delay over the window from the second scrape, in ms", () => {
    expect(eventLoopOf(parseMetrics(scrapeText(0, 0, { '+Inf': 0 }, 0.0123)))).toEqual({
      p50: 10.1,
      p99: 12.3,
      max: 50,
    });
  });
});

const cpu: CpuUsage = { server: 90, load: 30, postgres: 20, processes: [], seconds: 10 };
function side(p99: number, loopP99: number, valid = true): ScoringMeasure {
  return {
    requests: 1000,
    perSecond: 100,
    latency: { count: 1000, p50: p99 / 2, p95: p99, p99, max: p99 * 2 },
    failed: 0,
    statuses: { 201: 1000 },
    firstError: null,
    bytesPerResponse: 500,
    cpu,
    validity: { valid, reasons: valid ? [] : ['http-load at 95% of a core'] },
    db: { samples: 1, activeMean: 1, waits: {} },
    scoring: false,
    eventLoop: { p50: 10, p99: loopP99, max: loopP99 * 2 },
    scores: null,
  };
}
const pair = (run: number, on: ScoringMeasure, off: ScoringMeasure, writers = 32): ScoringPair => ({
  writers,
  run,
  runs: 3,
  model: null,
  on,
  off,
});

describe(checkScoring.name, () => {
  it(`passes when the median run keeps p99 within ${SCORING_P99_RATIO}× and the loop within +${EVENT_LOOP_TOLERANCE_MS} ms`, () => {
    const check = checkScoring([
      pair(1, side(60, 14), side(50, 12)),
      pair(2, side(55, 11), side(50, 12)),
      pair(3, side(64, 21), side(50, 12)),
    ]);
    expect(check).toMatchObject({ key: 'scoring', pass: true, invalid: false, reducedSize: false });
    expect(check?.detail).toMatch(/median 1\.20× \(1\.10×–1\.28× over 3 runs\)/);
  });

  it('lets one run past the ratio pass when the median is within it, and says how much off alone varied', () => {
    const check = checkScoring([
      pair(1, side(55, 12), side(50, 12)),
      pair(2, side(95, 12), side(50, 12)),
      pair(3, side(60, 12), side(60, 12)),
    ]);
    expect(check?.pass).toBe(true);
    expect(check?.detail).toMatch(/median 1\.10× \(1\.00×–1\.90× over 3 runs\).*off alone varied 1\.20×/);
  });

  it('misses when the median run is slower than the ratio, or its event loop waits longer', () => {
    expect(
      checkScoring([
        pair(1, side(70, 12), side(50, 12)),
        pair(2, side(75, 12), side(50, 12)),
        pair(3, side(50, 12), side(50, 12)),
      ])?.pass,
    ).toBe(false);
    expect(checkScoring([pair(1, side(50, 25), side(50, 12))])?.pass).toBe(false);
  });

  it('is invalid, neither pass nor miss, when a side of a run was limited by its load', () => {
    const check = checkScoring([pair(1, side(50, 12), side(50, 12, false))]);
    expect(check).toMatchObject({ pass: false, invalid: true });
  });

  it('marks fewer authors than the target size as indicative, and says nothing without runs', () => {
    expect(checkScoring([pair(1, side(50, 12), side(50, 12), 8)])?.reducedSize).toBe(true);
    expect(checkScoring([])).toBeUndefined();
  });
});
