import { Inject, Injectable } from '@nestjs/common';
import { sql, type OutboxRow, type OutboxStatus } from '@parley/db';
import { Clock } from '../common/clock.js';
import { newestFirst, type CursorKey } from '../common/cursor.js';
import { onCommit } from '../database/commit-hooks.js';
import { KYSELY } from '../database/database.module.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';
import { takeRequestId, withRequestId, type ClaimedOutboxRow } from './outbox-request-id.js';
import { OutboxWakeup } from './outbox-wakeup.js';

/** What a change asks to happen outside the request, once it has committed. */
export interface OutboxMessage {
  /** The handler that runs it (registered with `OutboxHandlers.register`). */
  kind: string;
  /** JSON; what the handler needs. Keep it small: ids, not whole rows, when the row can be read later. */
  payload: unknown;
  /** Not before this moment (default: now). */
  runAfter?: Date;
  /** At most one row per key, ever: a second enqueue with the key does nothing (returns undefined). */
  dedupeKey?: string;
}

const LAST_ERROR_MAX = 1000;

/**
 * The only SQL on the `outbox` table. Bind it into a transaction (`TransactionRunner.run({ outbox })`)
 * and `enqueue` writes the row with the change that causes it: both commit, or neither. After the
 * commit, this node's worker wakes at once; other nodes find the row at their next poll.
 */
@Injectable()
export class OutboxRepository implements ExecutorBound<OutboxRepository> {
  constructor(
    @Inject(KYSELY) private readonly db: Executor,
    private readonly clock: Clock,
    private readonly wakeup: OutboxWakeup,
  ) {}

  withExecutor(executor: Executor): OutboxRepository {
    return new OutboxRepository(executor, this.clock, this.wakeup);
  }

  /** Writes one row; returns its id, or undefined when `dedupeKey` was already used. */
  async enqueue(message: OutboxMessage): Promise<string | undefined> {
    const now = this.clock.now();
    const row = await this.db
      .insertInto('outbox')
      .values({
        kind: message.kind,
        payload: JSON.stringify(withRequestId(message.payload ?? null)),
        dedupeKey: message.dedupeKey ?? null,
        runAfter: message.runAfter ?? now,
        createdAt: now,
      })
      .onConflict((oc) => oc.column('dedupeKey').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row && (message.runAfter ?? now) <= now) onCommit(this.db, () => this.wakeup.notify());
    return row?.id;
  }

  /**
   * Claims up to `limit` due rows of the given kinds for `leaseMs`, in one statement (its own short
   * transaction): rows another worker is claiming at this instant are skipped, not waited for, and a
   * row whose lease ran out (its worker died) is due again. Each claim counts as an attempt.
   */
  async claim(kinds: string[], limit: number, leaseMs: number): Promise<ClaimedOutboxRow[]> {
    if (kinds.length === 0 || limit <= 0) return [];
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const { rows } = await sql<OutboxRow>`
      UPDATE outbox SET lease_until = ${leaseUntil}, attempts = attempts + 1
       WHERE id IN (
         SELECT id FROM outbox
          WHERE status = 'pending' AND run_after <= ${now}
            AND (lease_until IS NULL OR lease_until <= ${now})
            AND kind = ANY(${kinds}::text[])
          ORDER BY run_after, id
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED)
       RETURNING *`.execute(this.db);
    return rows.map(takeRequestId);
  }

  /** The handler succeeded. Only the claim that ran it (same attempt) may close it. */
  async markDone(id: string, attempt: number): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ status: 'done', doneAt: this.clock.now(), leaseUntil: null, lastError: null })
      .where('id', '=', id)
      .where('attempts', '=', attempt)
      .where('status', '=', 'pending')
      .execute();
  }

  /** The handler failed: try again at `runAfter`. */
  async markRetry(id: string, attempt: number, error: string, runAfter: Date): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ runAfter, leaseUntil: null, lastError: error.slice(0, LAST_ERROR_MAX) })
      .where('id', '=', id)
      .where('attempts', '=', attempt)
      .where('status', '=', 'pending')
      .execute();
  }

  /** The last try failed (or the failure cannot heal): park it for an admin. */
  async markFailed(id: string, attempt: number, error: string): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ status: 'failed', leaseUntil: null, lastError: error.slice(0, LAST_ERROR_MAX) })
      .where('id', '=', id)
      .where('attempts', '=', attempt)
      .where('status', '=', 'pending')
      .execute();
  }

  /** An admin's retry of a parked row: due now, with a fresh set of attempts. */
  retry(id: string): Promise<OutboxRow | undefined> {
    return this.db
      .updateTable('outbox')
      .set({ status: 'pending', attempts: 0, runAfter: this.clock.now(), leaseUntil: null })
      .where('id', '=', id)
      .where('status', '=', 'failed')
      .returningAll()
      .executeTakeFirst()
      .then((row) => {
        if (row) onCommit(this.db, () => this.wakeup.notify());
        return row;
      });
  }

  /** Rows waiting (to run or be retried), the oldest one's age, and rows parked as failed: for metrics. */
  async backlog(): Promise<{ pending: number; oldestPendingSeconds: number; failed: number }> {
    const row = await this.db
      .selectFrom('outbox')
      .select([
        sql<number>`count(*) FILTER (WHERE status = 'pending')::int`.as('pending'),
        sql<number>`coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'pending')), 0)::float8`.as(
          'oldestPendingSeconds',
        ),
        sql<number>`count(*) FILTER (WHERE status = 'failed')::int`.as('failed'),
      ])
      .where('status', 'in', ['pending', 'failed'])
      .executeTakeFirstOrThrow();
    return row;
  }

  findById(id: string): Promise<OutboxRow | undefined> {
    return this.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Newest first, by (created_at, id) keyset. */
  list(status: OutboxStatus, limit: number, after?: CursorKey): Promise<OutboxRow[]> {
    return this.db
      .selectFrom('outbox')
      .selectAll()
      .where('status', '=', status)
      .$call(newestFirst(limit, after))
      .execute();
  }
}
