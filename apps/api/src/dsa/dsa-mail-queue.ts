import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type Config } from '../config/config.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';

/** The mails the notice-and-action workflow owes, each about one notice (and appeal). */
export type DsaMessage =
  /** To the notifier: receipt of their notice (Art. 16(4)). */
  | 'notice_received'
  /** To the notifier: the decision on their notice and the redress open (Art. 16(5)). */
  | 'notice_decided'
  /** To the author: the statement of reasons for removing or restricting their comment (Art. 17). */
  | 'statement_of_reasons'
  /** To the appellant: receipt of their appeal. */
  | 'appeal_received'
  /** To the appellant: the outcome of their appeal (Art. 20(5)). */
  | 'appeal_decided';

export interface DsaMailJob {
  type: 'mail.dsa';
  message: DsaMessage;
  noticeId: string;
  appealId?: string;
  /** Only for the acknowledgement: the one-off appeal token, which is stored hashed and cannot be read back. */
  appealToken?: string;
}

/**
 * Enqueues DSA mail on the outbox in the transaction that causes it (bind it with
 * `transactions.run`), so a decision and its mails commit together. Without SMTP nothing is queued.
 */
@Injectable()
export class DsaMailQueue implements ExecutorBound<DsaMailQueue> {
  constructor(
    private readonly outbox: OutboxRepository,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  withExecutor(executor: Executor): DsaMailQueue {
    return new DsaMailQueue(this.outbox.withExecutor(executor), this.config);
  }

  get enabled(): boolean {
    return this.config.mail !== undefined;
  }

  /** Whether a mail was queued. One row per message and notice (or appeal): a retried transaction adds nothing. */
  async enqueue(job: Omit<DsaMailJob, 'type'>): Promise<boolean> {
    if (!this.enabled) return false;
    await this.outbox.enqueue({
      kind: 'mail.dsa',
      payload: { type: 'mail.dsa', ...job },
      dedupeKey: `mail.dsa:${job.message}:${job.appealId ?? job.noticeId}`,
    });
    return true;
  }
}
