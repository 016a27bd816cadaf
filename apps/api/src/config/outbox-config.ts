import { z } from 'zod';
import { milliseconds, wholeNumber } from './env-values.js';

/** The outbox worker's variables (README, configuration), part of config.ts's schema. */
export const outboxEnv = {
  /** How often each node's outbox worker looks for due rows (an enqueue on the same node wakes it at once). */
  PARLEY_OUTBOX_POLL_MS: milliseconds(10, 600_000, 1000),
  /** Rows one node runs at once. */
  PARLEY_OUTBOX_CONCURRENCY: wholeNumber(1, 1000, 10),
  /** How long a claimed row is held; past it (a node died mid-send), any node claims it again. */
  PARLEY_OUTBOX_LEASE_MS: milliseconds(1000, 3_600_000, 60_000),
  /** Tries before a row is parked as failed (admins can retry it). */
  PARLEY_OUTBOX_MAX_ATTEMPTS: wholeNumber(1, 100, 8),
  /** First retry delay; it doubles each try (with full jitter) up to PARLEY_OUTBOX_BACKOFF_MAX_MS. */
  PARLEY_OUTBOX_BACKOFF_BASE_MS: milliseconds(1, 3_600_000, 5000),
  PARLEY_OUTBOX_BACKOFF_MAX_MS: milliseconds(1, 86_400_000, 3_600_000),
  /** At shutdown, how long running rows may finish before they are aborted (and retried later). */
  PARLEY_OUTBOX_DRAIN_MS: milliseconds(0, 600_000, 5000),
};

type OutboxEnv = z.output<z.ZodObject<typeof outboxEnv>>;

export interface OutboxConfig {
  pollMs: number;
  concurrency: number;
  leaseMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  drainMs: number;
}

export function outboxConfig(value: OutboxEnv): OutboxConfig {
  return {
    pollMs: value.PARLEY_OUTBOX_POLL_MS,
    concurrency: value.PARLEY_OUTBOX_CONCURRENCY,
    leaseMs: value.PARLEY_OUTBOX_LEASE_MS,
    maxAttempts: value.PARLEY_OUTBOX_MAX_ATTEMPTS,
    backoffBaseMs: value.PARLEY_OUTBOX_BACKOFF_BASE_MS,
    backoffMaxMs: value.PARLEY_OUTBOX_BACKOFF_MAX_MS,
    drainMs: value.PARLEY_OUTBOX_DRAIN_MS,
  };
}
