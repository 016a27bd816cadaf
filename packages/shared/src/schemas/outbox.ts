import { z } from 'zod';
import { cursorSchema, idSchema, isoDateSchema, pageOf } from './common.js';

/** `pending`: due or waiting for its next try; `done`: ran; `failed`: parked after the last try. */
export const outboxStatusSchema = z.enum(['pending', 'done', 'failed']);
export type OutboxStatusName = z.infer<typeof outboxStatusSchema>;

/** One outbound effect as admins see it (GET /api/moderation/outbox). The payload is not shown. */
export const outboxEntrySchema = z.object({
  id: idSchema,
  kind: z.string(),
  status: outboxStatusSchema,
  attempts: z.number().int(),
  runAfter: isoDateSchema,
  lastError: z.string().nullable(),
  createdAt: isoDateSchema,
  doneAt: isoDateSchema.nullable(),
});
export type OutboxEntry = z.infer<typeof outboxEntrySchema>;
export const outboxPageSchema = pageOf(outboxEntrySchema);
export type OutboxPage = z.infer<typeof outboxPageSchema>;

export const outboxQuerySchema = z.object({
  status: outboxStatusSchema.default('failed'),
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type OutboxQuery = z.infer<typeof outboxQuerySchema>;
