import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { CONFIG, type Config } from '../config/config.js';
import type { OutboxConfig } from '../config/outbox-config.js';
import { requestContext } from '../logging/request-context.js';
import { Metrics } from '../metrics/metrics.js';
import { backoffDelayMs } from './backoff.js';
import { OutboxHandlers, OutboxPermanentError, type RegisteredHandler } from './outbox-handlers.js';
import type { ClaimedOutboxRow } from './outbox-request-id.js';
import { OutboxWakeup } from './outbox-wakeup.js';
import { OutboxRepository } from './outbox.repository.js';

/** A lease outlives the longest handler timeout by this much, so a slow try is not claimed twice. */
const LEASE_MARGIN_MS = 5000;
/** After shutdown aborts running rows, how long their last bookkeeping query may take. */
const ABORT_GRACE_MS = 2000;

/**
 * One per node: claims due rows (poll, or at once after a local enqueue commits), runs each with its
 * handler off the request path, then marks it done, schedules a retry, or parks it as failed.
 * Delivery is at least once: a node that dies mid-send leaves a lease that runs out, and the row is
 * claimed again.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private readonly settings: OutboxConfig;
  private readonly running = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private again = false;
  private started = false;
  private stopped = false;
  private failingSince: number | undefined;
  /** Tests replace it to make the jitter predictable. */
  random: () => number = Math.random;

  constructor(
    private readonly repository: OutboxRepository,
    private readonly handlers: OutboxHandlers,
    private readonly clock: Clock,
    wakeup: OutboxWakeup,
    @Inject(CONFIG) config: Config,
    private readonly metrics: Metrics,
  ) {
    this.settings = config.outbox;
    wakeup.listen(() => this.wake());
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.wake();
  }

  /** Looks for due rows now (coalesced with a look already under way). */
  wake(): void {
    if (!this.started || this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.ticking = this.tick().finally(() => {
      this.ticking = undefined;
      this.schedule();
    });
  }

  /**
   * Stops claiming, lets running rows finish for PARLEY_OUTBOX_DRAIN_MS, then aborts the rest (they
   * are retried later, here or on another node). Never waits longer than that plus a short grace.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    await settleWithin([...this.running.values()], this.settings.drainMs);
    if (this.running.size > 0) {
      this.stopping.abort(new Error('the node is shutting down'));
      await settleWithin([...this.running.values()], ABORT_GRACE_MS);
    }
  }

  /** Rows running on this node now (tests and health). */
  get inFlight(): number {
    return this.running.size;
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.again) {
      this.again = false;
      this.wake();
      return;
    }
    this.timer = setTimeout(() => this.wake(), this.settings.pollMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const free = this.settings.concurrency - this.running.size;
    if (free <= 0) return;
    const kinds = this.handlers.kinds();
    let rows: ClaimedOutboxRow[];
    try {
      rows = await this.repository.claim(kinds, free, this.leaseMs(kinds));
      if (this.failingSince !== undefined) {
        this.logger.log('claiming outbox rows works again');
        this.failingSince = undefined;
      }
    } catch (error) {
      // The database is down: say so once; the next poll tries again.
      if (this.failingSince === undefined) {
        this.failingSince = Date.now();
        this.logger.error(`cannot claim outbox rows: ${describe(error)}`);
      }
      return;
    }
    for (const row of rows) {
      // Under the id of the request that enqueued it: the job's lines name their cause.
      const run = (
        row.requestId ? requestContext.run({ requestId: row.requestId }, () => this.run(row)) : this.run(row)
      ).finally(() => {
        this.running.delete(row.id);
        this.wake();
      });
      this.running.set(row.id, run);
    }
    // A full batch: more may be due.
    if (rows.length === free) this.again = true;
  }

  private leaseMs(kinds: string[]): number {
    const longest = Math.max(0, ...kinds.map((kind) => this.handlers.get(kind)!.timeoutMs));
    return Math.max(this.settings.leaseMs, longest + LEASE_MARGIN_MS);
  }

  private async run(row: ClaimedOutboxRow): Promise<void> {
    const handler = this.handlers.get(row.kind)!;
    const started = Date.now();
    try {
      await this.invoke(handler, row);
    } catch (error) {
      await this.settleFailure(row, error);
      return;
    }
    this.logger.log({
      msg: `outbox ${row.kind} ${row.id} done in ${Date.now() - started} ms (try ${row.attempts})`,
      ...jobFields(row),
      outcome: 'done',
      durationMs: Date.now() - started,
    });
    this.metrics.outboxRuns.inc({ kind: row.kind, outcome: 'done' });
    await this.bookkeep(row, () => this.repository.markDone(row.id, row.attempts));
  }

  private async invoke(handler: RegisteredHandler, row: ClaimedOutboxRow): Promise<void> {
    const timeout = AbortSignal.timeout(handler.timeoutMs);
    const signal = AbortSignal.any([timeout, this.stopping.signal]);
    let onAbort: (() => void) | undefined;
    // A handler that ignores its signal is still given up on at the timeout.
    const aborted = new Promise<never>((_resolve, reject) => {
      onAbort = () =>
        reject(
          timeout.aborted
            ? new Error(`timed out after ${handler.timeoutMs} ms`)
            : (this.stopping.signal.reason as Error),
        );
      signal.addEventListener('abort', onAbort, { once: true });
    });
    const work = Promise.resolve().then(() =>
      handler.run(row.payload, { id: row.id, kind: row.kind, attempt: row.attempts, signal }),
    );
    // Given up on at the timeout, its later failure has nobody to tell.
    work.catch(() => undefined);
    try {
      await Promise.race([work, aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort!);
    }
  }

  private async settleFailure(row: ClaimedOutboxRow, error: unknown): Promise<void> {
    const message = describe(error);
    const last = error instanceof OutboxPermanentError || row.attempts >= this.settings.maxAttempts;
    this.metrics.outboxRuns.inc({ kind: row.kind, outcome: last ? 'failed' : 'retry' });
    if (last) {
      this.logger.warn({
        msg: `outbox ${row.kind} ${row.id} parked after ${row.attempts} tries: ${message}`,
        ...jobFields(row),
        outcome: 'failed',
      });
      await this.bookkeep(row, () => this.repository.markFailed(row.id, row.attempts, message));
      return;
    }
    const delay = backoffDelayMs(
      row.attempts,
      this.settings.backoffBaseMs,
      this.settings.backoffMaxMs,
      this.random,
    );
    const runAfter = new Date(this.clock.now().getTime() + delay);
    this.logger.warn({
      msg: `outbox ${row.kind} ${row.id} failed (try ${row.attempts}), retried in ${delay} ms: ${message}`,
      ...jobFields(row),
      outcome: 'retry',
    });
    await this.bookkeep(row, () => this.repository.markRetry(row.id, row.attempts, message, runAfter));
  }

  /** The row's outcome could not be written (the database is down): its lease runs out and it runs again. */
  private async bookkeep(row: ClaimedOutboxRow, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.logger.error(`outbox ${row.kind} ${row.id}: cannot record the outcome: ${describe(error)}`);
    }
  }
}

/** What every line about one job carries (its request id comes from the context it runs in). */
function jobFields(row: ClaimedOutboxRow) {
  return { jobId: row.id, kind: row.kind, attempt: row.attempts };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

async function settleWithin(work: Promise<unknown>[], ms: number): Promise<void> {
  if (work.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(work),
    new Promise((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
