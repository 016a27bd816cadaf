import { Injectable, Optional } from '@nestjs/common';
import type { WebhookComment } from '@parley/shared';
import { StoriesRepository } from '../stories/stories.repository.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';
import { ModerationLogRepository, type LogEntry } from '../moderation-log/moderation-log.repository.js';
import { NotificationWriter, type Recorded } from '../notifications/notification-recorder.js';
import { WebhookEventsRepository } from '../webhooks/webhook-events.repository.js';
import type { CommentChange } from './comment-change.js';
import type { CommentRecord } from './comment-records.js';
import { CommentRevisionsRepository } from './comment-revisions.repository.js';

/** A change as recorded: what the publisher needs after commit. */
export interface RecordedChange {
  change: CommentChange;
  /** Notifications the change wrote, announced live after commit. */
  notified: Recorded[];
}

/**
 * Writes what a change of a comment owes INSIDE the transaction that makes it: the moderation log
 * row, the webhook event (an outbox row per receiver) and the notifications, all derived from the
 * change's cause, before and after, and the edit history (the text an edit replaced; erased when the
 * comment's text is). Bind it into the transaction
 * (`transactions.run({ changes: recorder, … })`) so the change and its consequences commit together.
 */
@Injectable()
export class CommentChangeRecorder implements ExecutorBound<CommentChangeRecorder> {
  constructor(
    private readonly log: ModerationLogRepository,
    private readonly webhookEvents: WebhookEventsRepository,
    private readonly notify: NotificationWriter,
    private readonly stories: StoriesRepository,
    private readonly revisions: CommentRevisionsRepository,
    @Optional() private readonly executor?: Executor,
  ) {}

  withExecutor(executor: Executor): CommentChangeRecorder {
    return new CommentChangeRecorder(
      this.log.withExecutor(executor),
      this.webhookEvents.withExecutor(executor),
      this.notify.withExecutor(executor),
      this.stories.withExecutor(executor),
      this.revisions.withExecutor(executor),
      executor,
    );
  }

  async record(change: CommentChange): Promise<RecordedChange> {
    if (!this.executor) throw new Error('comment changes are recorded only inside a transaction');
    const entry = logEntryOf(change);
    if (entry) await this.log.record(entry);
    await this.recordHistory(change);
    await this.recordWebhookEvents(change);
    return { change, notified: await this.notify.record(change) };
  }

  /** Every edit keeps the text it replaced, whatever the screen made of it; a deletion erases them all. */
  private async recordHistory(change: CommentChange): Promise<void> {
    if (change.cause === 'edited') {
      await this.revisions.keep({
        commentId: change.before.id,
        body: change.before.body,
        editedAt: change.after.editedAt ?? change.after.updatedAt,
        editedBy: change.actor?.id ?? null,
      });
    } else if (change.cause === 'deleted') {
      await this.revisions.erase(change.before.id);
    }
  }

  private async recordWebhookEvents(change: CommentChange): Promise<void> {
    const { after } = change;
    const ref = { id: after.id, storyId: after.storyId, authorId: after.authorId };
    switch (change.cause) {
      case 'posted':
        if (after.status === 'pending') {
          await this.webhookEvents.record('comment.held', async () => ({
            comment: await this.full(after),
            reason: 'pipeline',
          }));
        } else if (after.status !== 'rejected') {
          await this.webhookEvents.record('comment.created', async () => ({
            comment: await this.full(after),
          }));
        }
        return;
      case 'edited':
        if (heldNow(change)) {
          await this.webhookEvents.record('comment.held', async () => ({
            comment: await this.full(after),
            reason: 'pipeline',
          }));
        }
        return;
      case 'reported':
        await this.webhookEvents.record('comment.reported', {
          comment: ref,
          report: {
            reason: change.report.reason,
            reporterId: change.actor!.id,
            countsTowardHold: change.report.countsTowardHold,
          },
        });
        if (heldNow(change)) {
          await this.webhookEvents.record('comment.held', async () => ({
            comment: await this.full(after),
            reason: 'reports',
          }));
        }
        return;
      case 'decided':
        await this.webhookEvents.record('comment.decided', {
          comment: ref,
          decision: change.decision.kind,
          from: change.before.status,
          to: after.status,
          featured: after.featured,
          reason: change.decision.reason,
          moderator: { id: change.actor!.id, username: change.actor!.username },
        });
        return;
      case 'deleted':
      case 'banned':
      case 'claimed':
        // An author's or account's deletion tells no receiver; a ban sends `user.banned` once; a claim nothing.
        return;
    }
  }

  /** The comment in full, as receivers of `comment.created` and `comment.held` get it. */
  private async full(record: CommentRecord): Promise<WebhookComment> {
    const story = await this.stories.findById(record.storyId);
    return {
      id: record.id,
      storyId: record.storyId,
      storySlug: story?.slug ?? '',
      parentId: record.parentId,
      author: { id: record.authorId, username: record.authorUsername },
      body: record.body,
      status: record.status,
      flags: record.flags,
    };
  }
}

/** Whether this change put the comment in the review queue (it was not there before). */
function heldNow(change: CommentChange): boolean {
  return change.after.status === 'pending' && change.before?.status !== 'pending';
}

/** The moderation log row a change owes: the pipeline's holds and rejections, and moderators' decisions. */
export function logEntryOf(change: CommentChange): LogEntry | null {
  const { after } = change;
  const about = { commentId: after.id, userId: after.authorId, storyId: after.storyId };
  const screened = { flags: after.flags, matchedWords: after.matchedWords };
  // The moderation hook's reason, when it held or rejected the comment, is the log row's reason.
  const hookReason = after.flags.includes('hook') && after.hookReason ? { reason: after.hookReason } : {};
  switch (change.cause) {
    case 'posted':
      if (after.status === 'rejected')
        return { actorId: null, action: 'auto_reject', ...about, ...hookReason, details: screened };
      if (after.status === 'pending')
        return { actorId: null, action: 'auto_hold', ...about, ...hookReason, details: screened };
      return null;
    case 'edited':
      if (after.status === 'rejected' && change.before.status !== 'rejected') {
        return {
          actorId: null,
          action: 'auto_reject',
          ...about,
          ...hookReason,
          details: { ...screened, edited: true },
        };
      }
      if (heldNow(change)) {
        return {
          actorId: null,
          action: 'auto_hold',
          ...about,
          ...hookReason,
          details: { ...screened, edited: true },
        };
      }
      return null;
    case 'reported':
      if (!heldNow(change)) return null;
      return {
        actorId: null,
        action: 'auto_hold',
        ...about,
        reason: 'reports',
        details: { threshold: change.report.threshold, ...(change.report.byStaff && { byStaff: true }) },
      };
    case 'decided':
      return {
        actorId: change.actor!.id,
        action: change.decision.kind,
        ...about,
        reason: change.decision.reason,
        details: { from: change.before.status, to: after.status },
      };
    case 'deleted':
    case 'banned':
    case 'claimed':
      // The account deletion, ban or claim writes one row for the user, not one per comment.
      return null;
  }
}
