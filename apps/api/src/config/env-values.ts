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
