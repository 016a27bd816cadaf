import hdr from 'hdr-histogram-js';

export type Histogram = ReturnType<typeof hdr.build>;

/** Latencies in microseconds, 1 µs to 2 minutes, three significant digits. */
export function newHistogram(): Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 120_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

export function recordMicros(histogram: Histogram, micros: number): void {
  histogram.recordValue(Math.min(120_000_000, Math.max(1, Math.round(micros))));
}

/** Compact form to send a histogram over IPC. */
export function encode(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

/** Adds encoded histograms from several load processes into one. */
export function merge(encoded: string[]): Histogram {
  const total = newHistogram();
  for (const item of encoded) total.add(hdr.decodeFromCompressedBase64(item));
  return total;
}

/** Percentiles in milliseconds. */
export interface Latency {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(histogram: Histogram): Latency {
  const ms = (micros: number) => Math.round(micros / 10) / 100;
  return {
    count: histogram.totalCount,
    p50: ms(histogram.getValueAtPercentile(50)),
    p95: ms(histogram.getValueAtPercentile(95)),
    p99: ms(histogram.getValueAtPercentile(99)),
    max: ms(histogram.maxValue),
  };
}
