import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from './schema-columns.js';
import type { OutboxStatus } from './schema-values.js';

/** The outbox (work after commit: webhook calls, mail, delayed jobs) and the webhooks it delivers to. */

export interface OutboxTable {
  id: Generated<string>;
  /** Which handler runs it (`webhook.deliver`, `email.send`, …). */
  kind: string;
  payload: ColumnType<unknown, string | undefined, string>;
  /** At most one row per key, ever: enqueueing a duplicate does nothing. */
  dedupeKey: string | null;
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>;
  /** Claims so far, counting the one running. */
  attempts: ColumnType<number, number | undefined, number>;
  /** Not claimed before this moment (backoff, delayed jobs). */
  runAfter: Timestamp;
  /** While in the future, a worker holds the row; past it, a crashed worker's row is claimed again. */
  leaseUntil: NullableTimestamp;
  lastError: ColumnType<string | null, string | null | undefined, string | null>;
  createdAt: Timestamp;
  doneAt: NullableTimestamp;
}

export interface WebhooksTable {
  id: Generated<string>;
  url: string;
  /** Event types it receives (`comment.created`, …). */
  events: string[];
  /** HMAC key of `X-Parley-Signature`; never sent back after creation. */
  secret: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  webhookId: string;
  eventId: string;
  eventType: string;
  attempt: number;
  /** Null when no answer came (timeout, refused connection). */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  createdAt: Generated<Date>;
}
