import { Injectable, type PipeTransform } from '@nestjs/common';
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

/** `@Body(new ZodPipe(schema))`: HTTP input validation with the shared zod schemas. */
@Injectable()
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(
    /** Public so that test/routes.test.ts can hold it against the route catalogue. */
    readonly schema: T,
    private readonly what = 'request',
  ) {}

  transform(value: unknown): z.infer<T> {
    return parseOrThrow(this.schema, value ?? {}, this.what);
  }
}
