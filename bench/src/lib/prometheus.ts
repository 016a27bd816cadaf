/**
 * Reading a server's own Prometheus text (`GET /metrics` on PARLEY_METRICS_PORT): samples, the
 * change of a counter or histogram between two scrapes, and a quantile from histogram buckets as
 * Prometheus's `histogram_quantile` estimates it. Pure functions, unit-tested.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Every sample of a Prometheus text exposition (comments and blank lines skipped). */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of match[2]?.matchAll(LABEL) ?? []) {
      labels[key!] = value!.replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char));
    }
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** Sum of the samples called `name` whose labels include `match` (NaN when there is none). */
export function sumOf(samples: Sample[], name: string, match: Record<string, string> = {}): number {
  const found = samples.filter(
    (sample) =>
      sample.name === name && Object.entries(match).every(([key, value]) => sample.labels[key] === value),
  );
  return found.length ? found.reduce((total, sample) => total + sample.value, 0) : NaN;
}

/** A counter's growth between two scrapes (a series absent before counts from 0). */
export function counterDelta(
  before: Sample[],
  after: Sample[],
  name: string,
  match: Record<string, string> = {},
): number {
  const end = sumOf(after, name, match);
  if (!Number.isFinite(end)) return 0;
  const start = sumOf(before, name, match);
  return end - (Number.isFinite(start) ? start : 0);
}

/** Cumulative bucket counts by upper bound (`le`), ascending, `+Inf` last. */
export type Buckets = [upper: number, count: number][];

/**
 * The observations a histogram gained between two scrapes, per bucket, summed over the series
 * whose labels include `match`.
 */
export function histogramDelta(
  before: Sample[],
  after: Sample[],
  name: string,
  match: Record<string, string> = {},
): Buckets {
  const bounds = new Set<string>();
  for (const sample of after) if (sample.name === `${name}_bucket`) bounds.add(sample.labels.le ?? '');
  return [...bounds]
    .map((le): [number, number] => [
      le === '+Inf' ? Infinity : Number(le),
      counterDelta(before, after, `${name}_bucket`, { ...match, le }),
    ])
    .sort((a, b) => a[0] - b[0]);
}

/**
 * The q-quantile (0–1) of cumulative buckets, estimated as Prometheus's `histogram_quantile`
 * does: linear within the bucket that holds it, from 0 for the first bucket; a quantile in the
 * `+Inf` bucket is the highest finite bound. NaN with no observations.
 */
export function bucketQuantile(q: number, buckets: Buckets): number {
  const total = buckets.at(-1)?.[1] ?? 0;
  if (!(total > 0) || buckets.at(-1)![0] !== Infinity) return NaN;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [upper, count] of buckets) {
    if (count >= rank) {
      if (upper === Infinity) return lowerBound;
      return lowerBound + (upper - lowerBound) * ((rank - lowerCount) / (count - lowerCount || 1));
    }
    lowerBound = upper;
    lowerCount = count;
  }
  return lowerBound;
}

/** `GET url` and parse it; fails with the status when the server does not answer 200. */
export async function scrape(url: string): Promise<Sample[]> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return parseMetrics(await response.text());
}
