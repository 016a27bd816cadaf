import { z } from 'zod';

/** Building blocks of the environment schema (config.ts and the per-feature parts beside it). */

export const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

/** A whole number between `min` and `max`, with a default; `unit` names it in the messages. */
export const wholeNumber = (min: number, max: number, fallback: number, unit?: string) =>
  z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: unit ? `must be a number of ${unit}` : 'must be a number' })
      .int({ error: unit ? `must be a whole number of ${unit}` : 'must be a whole number' })
      .min(min, { error: `must be between ${min} and ${max}${unit ? ` (${unit})` : ''}` })
      .max(max, { error: `must be between ${min} and ${max}${unit ? ` (${unit})` : ''}` })
      .default(fallback),
  );

/** Milliseconds between `min` and `max`, with a default. */
export const milliseconds = (min: number, max: number, fallback: number) =>
  wholeNumber(min, max, fallback, 'milliseconds');

/** Express reads a number as a hop count and a string as addresses: "2" must become 2. */
export function parseTrustProxy(value: string): string | number | boolean {
  if (/^\d+$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}

/** Keeps credentials out of the boot error (everything before the last `@`), on one escaped line. */
export function redactPassword(value: string): string {
  const at = value.lastIndexOf('@');
  return JSON.stringify(at < 0 ? value : `***${value.slice(at)}`).slice(1, -1);
}
