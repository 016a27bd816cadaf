import { Injectable } from '@nestjs/common';
import type { Executor } from '../database/transaction-runner.js';

/** Outbound mail, as rows of the outbox: each is enqueued in the transaction that causes it. */
export type MailJob =
  /** One notification's email (immediate delivery). */
  | { type: 'mail.notification'; notificationId: string }
  /** A digest of what one user is owed by email. */
  | { type: 'mail.digest'; userId: string }
  /** The link that proves an address; the raw token travels only in this row until it is sent. */
  | { type: 'mail.verify_email'; userId: string; email: string; token: string };

/**
 * Enqueues mail jobs on the outbox through the caller's transaction. Until the outbox lands this
 * is the seam it plugs into.
 */
@Injectable()
export class MailJobs {
  enqueue(_executor: Executor, _job: MailJob): Promise<void> {
    return Promise.resolve();
  }
}
