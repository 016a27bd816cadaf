import { Inject, Injectable, Optional } from '@nestjs/common';
import { isStaff } from '@parley/shared';
import { CONFIG, type Config } from '../config/config.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';
import { MailJobs } from '../mail/mail-jobs.js';
import { becameVisible, channelFor, decisionOf, type NotifiedChange } from './notification-rules.js';
import { NotificationsRepository, type NewNotification } from './notifications.repository.js';

/** A notification this transaction created, for the live events after commit and the email. */
export interface Recorded {
  id: string;
  userId: string;
  /** Owed by email right away (the recipient chose immediate delivery). */
  emailNow: boolean;
}

/**
 * Writes the notifications a committed change of a comment owes, INSIDE the transaction that makes
 * the change (`notifications` bound to it), so a change and its notifications commit or roll back
 * together. CommentChangeRecorder calls it for every change of a comment.
 */
export async function recordNotifications(
  notifications: NotificationsRepository,
  change: NotifiedChange,
  mailEnabled: boolean,
): Promise<Recorded[]> {
  const planned: Omit<NewNotification, 'byEmail'>[] = [];
  const { after } = change;
  if (becameVisible(change) && after.parentId) {
    const parent = await notifications.authorOf(after.parentId);
    const author = await notifications.authorOf(after.id);
    // Not for one's own replies, and nothing from (or to) a banned account.
    if (parent && author && parent.authorId !== after.authorId && author.status !== 'banned') {
      planned.push({
        userId: parent.authorId,
        kind: isStaff(author) ? 'staff_reply' : 'reply',
        commentId: after.id,
        actorId: after.authorId,
        decision: '',
      });
    }
  }
  const decision = decisionOf(change);
  if (decision) {
    planned.push({
      userId: after.authorId,
      kind: 'decision',
      commentId: after.id,
      actorId: change.actor?.id ?? null,
      decision,
    });
  }

  const recorded: Recorded[] = [];
  for (const item of planned) {
    const recipient = await notifications.recipient(item.userId);
    if (!recipient || recipient.status === 'banned') continue;
    const channel = channelFor(
      item.kind,
      recipient.preferences,
      mailEnabled && recipient.verifiedEmail !== null,
    );
    if (channel === 'off') continue;
    const byEmail = channel === 'email';
    const id = await notifications.insert({ ...item, byEmail });
    if (id) {
      recorded.push({
        id,
        userId: item.userId,
        emailNow: byEmail && recipient.preferences.delivery === 'immediate',
      });
    }
  }
  return recorded;
}

/**
 * The recorder as a transaction-bound repository: `transactions.run({ notify: writer, … })` gives
 * the work a writer whose notifications and mail rows go through that same transaction.
 */
@Injectable()
export class NotificationWriter implements ExecutorBound<NotificationWriter> {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly mailJobs: MailJobs,
    @Inject(CONFIG) private readonly config: Config,
    @Optional() private readonly executor?: Executor,
  ) {}

  withExecutor(executor: Executor): NotificationWriter {
    return new NotificationWriter(
      this.notifications.withExecutor(executor),
      this.mailJobs,
      this.config,
      executor,
    );
  }

  async record(change: NotifiedChange): Promise<Recorded[]> {
    if (!this.executor) throw new Error('notifications are written only inside a transaction');
    const recorded = await recordNotifications(this.notifications, change, this.config.mail !== undefined);
    for (const item of recorded) {
      if (item.emailNow)
        await this.mailJobs.enqueue(this.executor, { type: 'mail.notification', notificationId: item.id });
    }
    return recorded;
  }
}
