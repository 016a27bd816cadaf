import { z } from 'zod';
import { ERRORS, type ApiErrorBody, type ErrorCode } from '../errors.js';

export const errorCodeSchema = z.enum(Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]]);

/** The body of every error response (the `ApiErrorBody` of errors.ts, as a schema for the API reference). */
export const apiErrorBodySchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  /** Field-level problems for `request/invalid`: path → message. */
  fields: z.record(z.string(), z.string()).optional(),
  /** Extra facts, e.g. `retryAfterSeconds`, `suspendedUntil`, `decidedBy`. */
  details: z.record(z.string(), z.unknown()).optional(),
}) satisfies z.ZodType<ApiErrorBody>;
