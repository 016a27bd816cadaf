/**
 * Exponential backoff with full jitter: a delay drawn uniformly from [0, min(max, base · 2^(attempt−1))].
 * The jitter spreads out the retries of many rows that failed together (a receiver that was down).
 */
export function backoffDelayMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 40));
  return Math.floor(random() * ceiling);
}
