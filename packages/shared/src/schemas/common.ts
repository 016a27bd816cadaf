import { z } from 'zod';
import { FIELD_MESSAGES } from '../field-messages.js';

export const idSchema = z.uuid({ error: FIELD_MESSAGES.notId });
export const slugSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: FIELD_MESSAGES.slug })
  .max(200);
/** Opaque pagination cursor handed out by the server. */
export const cursorSchema = z.string().min(1).max(500);
export const isoDateSchema = z.iso.datetime({ offset: true, error: FIELD_MESSAGES.notDate });

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
