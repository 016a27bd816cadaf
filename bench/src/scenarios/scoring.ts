/**
 * Scoring: the writes load (authors posting as soon as answered) against Parley with local
 * toxicity scoring on (PARLEY_TOXICITY_MODEL_DIR, the shipped tiny model unless --model-dir says
 * otherwise) and off, in the same run, each on a fresh server. Besides throughput and latency it
 * reads the server's own metrics (PARLEY_METRICS_PORT) at the start and the end of the measured
 * window: the event loop's delay (prom-client resets its histogram at each scrape, so the second
 * scrape covers the window) and the toxicity counters and histogram.
 */
import { join } from 'node:path';
import { withChildren } from '../lib/processes.js';
import {
  bucketQuantile,
  counterDelta,
  histogramDelta,
  scrape,
  sumOf,
  type Sample,
} from '../lib/prometheus.js';
import { freePort, LOOPBACK, REPO_ROOT, startLoad, startParley } from '../lib/servers.js';
import { FILLER, profiled, uniqueTag, type Context } from './context.js';
import { runHttpLoad, type HttpMeasure } from './http.js';

/** The model the bench scores with unless --model-dir names another. */
export const TINY_MODEL_DIR = join(REPO_ROOT, 'apps/api/models/tiny-toxicity');

export interface ScoringFigures {
  /** Scores that came back within the budget, and per second of the window. */
  scored: number;
  perSecond: number;
  /** Misses by outcome (timeout, queue_full, error): those comments went on unscored. */
  misses: Record<string, number>;
  /** How long a post waited for its score, ms, p50 / p99 (from the server's histogram buckets). */
  waitP50: number;
  waitP99: number;
}

export interface ScoringMeasure extends HttpMeasure {
  scoring: boolean;
  /** The event loop's delay over the window, ms (prom-client's monitor, 10 ms resolution). */
  eventLoop: { p50: number; p99: number; max: number };
  /** Null with scoring off. */
  scores: ScoringFigures | null;
}

export interface ScoringPair {
  writers: number;
  run: number;
  runs: number;
  /** The model scored with: config.json's name and the file's hash, as /api/health gives them. */
  model: { name: string; sha256: string } | null;
  on: ScoringMeasure;
  off: ScoringMeasure;
}

const MISS_OUTCOMES = ['timeout', 'queue_full', 'error'] as const;
const toMs = (seconds: number) => Math.round(seconds * 100_000) / 100;

/** The event loop's delay between two scrapes, from prom-client's gauges of the second one. */
export function eventLoopOf(after: Sample[]): ScoringMeasure['eventLoop'] {
  return {
    p50: toMs(sumOf(after, 'nodejs_eventloop_lag_p50_seconds')),
    p99: toMs(sumOf(after, 'nodejs_eventloop_lag_p99_seconds')),
    max: toMs(sumOf(after, 'nodejs_eventloop_lag_max_seconds')),
  };
}

/** What the toxicity metrics say about the window between two scrapes of `seconds`. */
export function scoringOf(before: Sample[], after: Sample[], seconds: number): ScoringFigures {
  const name = 'parley_toxicity_scores_total';
  const scored = counterDelta(before, after, name, { outcome: 'scored' });
  const misses = Object.fromEntries(
    MISS_OUTCOMES.map((outcome) => [outcome, counterDelta(before, after, name, { outcome })]),
  );
  const waits = histogramDelta(before, after, 'parley_toxicity_score_duration_seconds', {
    outcome: 'scored',
  });
  return {
    scored,
    perSecond: seconds > 0 ? Math.round((scored / seconds) * 10) / 10 : NaN,
    misses,
    waitP50: toMs(bucketQuantile(0.5, waits)),
    waitP99: toMs(bucketQuantile(0.99, waits)),
  };
}

async function measure(context: Context, scoring: boolean, writers: number, label: string) {
  const { options } = context;
  return withChildren(async (children): Promise<{ measure: ScoringMeasure; model: ScoringPair['model'] }> => {
    const metricsPort = await freePort();
    const server = await startParley({
      name: label,
      databaseUrl: context.database.url,
      logDir: context.logDir,
      env: {
        PARLEY_METRICS_PORT: String(metricsPort),
        PARLEY_TOXICITY_MODEL_DIR: scoring ? (options.modelDir ?? TINY_MODEL_DIR) : undefined,
      },
    });
    children.push(server.child);
    const health = (await (await fetch(`${server.origin}/api/health`)).json()) as {
      toxicityModel?: { name: string; sha256: string } | null;
    };
    if (scoring && !health.toxicityModel) throw new Error(`${label}: /api/health names no toxicity model`);
    const load = await startLoad(`${label}-load`, 'http-load', context.logDir);
    children.push(load);
    const metricsUrl = `http://${LOOPBACK}:${metricsPort}/metrics`;
    let before: Sample[] = [];
    const http = await profiled(context, label, [server.child], () =>
      runHttpLoad(
        load,
        server.child,
        context.database,
        {
          method: 'POST',
          concurrency: writers,
          warmupMs: options.quick ? 500 : 1000,
          durationMs: options.writeDuration * 1000,
          filler: FILLER,
          origin: server.origin,
          path: `/api/stories/${context.article.slug}/comments`,
          users: context.authors.slice(0, writers).map((author) => ({ cookie: author.cookie })),
          tag: uniqueTag(),
        },
        async () => {
          before = await scrape(metricsUrl);
        },
      ),
    );
    const after = await scrape(metricsUrl);
    const scores = scoring ? scoringOf(before, after, http.cpu.seconds) : null;
    if (scores && scores.scored + Object.values(scores.misses).reduce((a, b) => a + b, 0) === 0) {
      http.validity.valid = false;
      http.validity.reasons.push('no post asked for a score in the window: is the model loaded?');
    }
    return {
      measure: { ...http, scoring, eventLoop: eventLoopOf(after), scores },
      model: health.toxicityModel ?? null,
    };
  });
}

/**
 * One run: scoring on and off, each on its own server. The order alternates between runs, so a
 * machine that grows busier during the run does not always weigh on the same side.
 */
export async function runScoring(
  context: Context,
  writers: number,
  run: number,
  runs: number,
): Promise<ScoringPair> {
  if (context.authors.length < writers)
    throw new Error(`only ${context.authors.length} authors for ${writers} writers`);
  const order = run % 2 === 1 ? [true, false] : [false, true];
  const results: Partial<Record<'on' | 'off', ScoringMeasure>> = {};
  let model: ScoringPair['model'] = null;
  for (const scoring of order) {
    const side = scoring ? 'on' : 'off';
    const label = `scoring-${writers}-${side}${runs > 1 ? `-run${run}` : ''}`;
    const result = await measure(context, scoring, writers, label);
    results[side] = result.measure;
    if (scoring) model = result.model;
    const { measure: m } = result;
    context.log(
      `    scoring ${side}: ${m.perSecond} comments/s, p99 ${m.latency.p99} ms, event loop p99 ${m.eventLoop.p99} ms` +
        (m.scores ? `, ${m.scores.perSecond} scores/s, score p99 ${m.scores.waitP99} ms` : ''),
    );
  }
  return { writers, run, runs, model, on: results.on!, off: results.off! };
}
