import { Injectable } from '@nestjs/common';
import type { Executor } from '../database/transaction-runner.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';

/** Outbound mail, as rows of the outbox: each is enqueued in the transaction that causes it. */
export type MailJob =
  /** One notification's email (immediate delivery). */
  | { type: 'mail.notification'; notificationId: string }
  /** A digest of what one user is owed by email; `slot` is the hour it was assembled for. */
  | { type: 'mail.digest'; userId: string; slot: string }
  /** The hourly pass that assembles digests; `slot` is the hour it runs for (ISO, to the hour). */
  | { type: 'mail.digest_tick'; slot: string }
  /** The link that proves an address; the raw token travels only in this row until it is sent. */
  | { type: 'mail.verify_email'; userId: string; email: string; token: string }
  /** Tells an address's owner that someone registered with it; `slot` (the hour) keeps it to one an hour. */
  | { type: 'mail.registration_attempt'; userId: string; slot: string };

/** At most one row per notification, digest slot or tick: a retried transaction adds nothing. */
function dedupeKeyOf(job: MailJob): string | undefined {
  switch (job.type) {
    case 'mail.notification':
      return `mail.notification:${job.notificationId}`;
    case 'mail.digest':
      return `mail.digest:${job.userId}:${job.slot}`;
    case 'mail.digest_tick':
      return `mail.digest_tick:${job.slot}`;
    case 'mail.registration_attempt':
      return `mail.registration_attempt:${job.userId}:${job.slot}`;
    case 'mail.verify_email':
      return undefined;
  }
}

/** Enqueues mail on the outbox through the caller's transaction (or at once, on the pool). */
@Injectable()
export class MailJobs {
  constructor(private readonly outbox: OutboxRepository) {}

  async enqueue(executor: Executor, job: MailJob, runAfter?: Date): Promise<void> {
    await this.outbox
      .withExecutor(executor)
      .enqueue({ kind: job.type, payload: job, dedupeKey: dedupeKeyOf(job), runAfter });
  }
}
