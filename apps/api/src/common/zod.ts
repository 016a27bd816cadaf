import type { z } from 'zod';
import { AppError } from './app-error.js';

/** Validates against a shared schema; the error names each bad field in words a person can act on. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what = 'request'): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.join('.') || what;
    fields[path] ??= issue.message;
  }
  const message = Object.entries(fields)
    .map(([path, problem]) => `${path}: ${problem}`)
    .join('; ');
  throw new AppError('request/invalid', undefined, `Invalid ${what}: ${message}`, fields);
}
