import { z } from 'zod';

/**
 * `GET /api/health`: 200 `ok` or `degraded` (Redis away: each node still serves on its own), 503
 * `unavailable` (the database does not answer) or `draining` (the node is shutting down).
 */
export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded', 'unavailable', 'draining']),
  db: z.enum(['postgres', 'pglite']),
  /** Absent when the node runs without Redis. */
  redis: z.enum(['up', 'down']).optional(),
});
export type Health = z.infer<typeof healthSchema>;
