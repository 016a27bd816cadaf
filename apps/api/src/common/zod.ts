import { fieldErrorMap, fieldErrorsOf } from '@parley/shared';
import type { z } from 'zod';
import { AppError } from './app-error.js';

/**
 * Validates against a shared schema. A failure is `request/invalid` with `fields`: each bad field's
 * path → a sentence from the field-message catalogue (`FIELD_MESSAGES`), which a form shows beside
 * that field as it is; the message names the fields too, for a caller without a form.
 */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what = 'request'): z.infer<T> {
  const result = schema.safeParse(value, { error: fieldErrorMap });
  if (result.success) return result.data;
  const fields = fieldErrorsOf(result.error, what);
  const message = Object.entries(fields)
    .map(([path, problem]) => `${path}: ${problem}`)
    .join(' ');
  throw new AppError('request/invalid', undefined, `Invalid ${what}. ${message}`, fields);
}
