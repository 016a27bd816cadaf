import { Injectable } from '@nestjs/common';
import type { User } from '@parley/db';
import { isVisible, type ReactionsUpdated, type ReportRequest } from '@parley/shared';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { hasStaffPowers } from '../auth/access.js';
import { AppError } from '../common/app-error.js';
import { RateLimiterFactory, charge } from '../common/rate-limiter.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { DomainEvents } from '../events/domain-events.js';
import { ModerationLogRepository } from '../moderation-log/moderation-log.repository.js';
import { SettingsService } from '../settings/settings.service.js';
import { WebhookEventsRepository } from '../webhooks/webhook-events.repository.js';
import { COMMENT_CHANGED } from './comment-events.js';
import { CommentFeedbackRepository } from './comment-feedback.repository.js';
import { refuseAuthor } from './pipeline/pipeline.js';
import { ReactionBroadcasts } from './reaction-broadcasts.js';
import { ThreadCache } from './thread-cache.js';

/** Likes and unlikes one user may send per minute (each is a write; shared by every node with Redis). */
export const REACTIONS_PER_MINUTE = 30;
/** Reports one user may file in an hour, on all nodes together (README, Security → Limits). */
export const REPORTS_PER_HOUR = 10;
/** An account this old counts toward holding a comment even without a visible comment of its own. */
export const REPORTER_MIN_AGE_MS = 24 * 3600_000;

/** What readers do to others' comments: react, report. */
@Injectable()
export class CommentFeedbackService {
  private readonly reactionsByUser: RateLimiterAbstract;
  private readonly reportsByUser: RateLimiterAbstract;

  constructor(
    private readonly comments: CommentFeedbackRepository,
    private readonly settings: SettingsService,
    private readonly log: ModerationLogRepository,
    private readonly events: DomainEvents,
    private readonly reactionBroadcasts: ReactionBroadcasts,
    private readonly threads: ThreadCache,
    private readonly transactions: TransactionRunner,
    private readonly webhookEvents: WebhookEventsRepository,
    limiters: RateLimiterFactory,
  ) {
    this.reactionsByUser = limiters.create('reactions', REACTIONS_PER_MINUTE, 60);
    this.reportsByUser = limiters.create('reports-user', REPORTS_PER_HOUR, 3600);
  }

  /** Answers with the exact count at once; readers get it coalesced (ReactionBroadcasts). */
  async react(id: string, user: User, on: boolean): Promise<ReactionsUpdated> {
    const allowance = await charge(this.reactionsByUser, user.id);
    if (!allowance.allowed) {
      throw new AppError('reaction/rate_limited', { retryAfterSeconds: allowance.retryAfterSeconds });
    }
    const record = await this.comments.findById(id);
    if (!record || !isVisible(record)) throw new AppError('comment/not_found');
    const changed = on
      ? await this.comments.addReaction(id, user.id)
      : await this.comments.removeReaction(id, user.id);
    const payload = { id, counts: { like: await this.comments.reactionCount(id) } };
    if (changed) {
      await this.threads.changed([record.articleId]);
      this.reactionBroadcasts.changed(record.articleId, id);
    }
    return payload;
  }

  /**
   * Files a report. A published comment is held for review once reporters in good standing reach
   * the threshold, or at once when staff report it. Every report is stored for moderators, but one
   * from a new account (under 24 h, with no visible comment) does not count toward the threshold:
   * a few throwaway accounts cannot hide a comment. Suspended users cannot report.
   */
  async report(id: string, user: User, input: ReportRequest): Promise<{ created: boolean }> {
    const now = new Date();
    refuseAuthor(user, now);
    // Counted before anything is looked up, so parallel requests cannot slip past the limit.
    const allowance = await charge(this.reportsByUser, user.id);
    if (!allowance.allowed) {
      throw new AppError('comment/report_rate_limited', { retryAfterSeconds: allowance.retryAfterSeconds });
    }
    const record = await this.comments.findById(id);
    if (!record || !isVisible(record)) throw new AppError('comment/not_found');
    if (record.authorId === user.id) throw new AppError('comment/own_comment');
    const staff = hasStaffPowers(user, now);
    const countsTowardHold = staff || (await this.inGoodStanding(user, now));
    const { settings } = await this.settings.get();
    const threshold = staff ? 1 : settings.reportThreshold;
    // The report, the hold it may cause, and their webhook events commit together.
    const created = await this.transactions.run(
      { comments: this.comments, log: this.log, webhookEvents: this.webhookEvents },
      async ({ comments, log, webhookEvents }) => {
        // Reports on one comment one at a time: each counts the ones committed before it.
        await comments.lockById(id);
        if (!(await comments.addReport(id, user.id, input.reason, input.note ?? null, countsTowardHold))) {
          return false;
        }
        const comment = { id, articleId: record.articleId, authorId: record.authorId };
        await webhookEvents.record('comment.reported', {
          comment,
          report: { reason: input.reason, reporterId: user.id, countsTowardHold },
        });
        if (await comments.holdForReports(id, threshold)) {
          await log.record({
            actorId: null,
            action: 'auto_hold',
            commentId: id,
            userId: record.authorId,
            articleId: record.articleId,
            reason: 'reports',
            details: { threshold, ...(staff && { byStaff: true }) },
          });
          await webhookEvents.record('comment.held', { comment, reason: 'reports' });
        }
        return true;
      },
    );
    if (!created) return { created };
    const after = (await this.comments.findById(id))!;
    // Only a hold changes what readers see; an unchanged page keeps its version.
    if (after.status !== record.status) await this.threads.changed([after.articleId]);
    this.events.raise(COMMENT_CHANGED, { cause: 'reported', before: record, after });
    return { created };
  }

  /** An account at least 24 h old, or one with a comment every reader can see. */
  private async inGoodStanding(user: User, now: Date): Promise<boolean> {
    if (now.getTime() - user.createdAt.getTime() >= REPORTER_MIN_AGE_MS) return true;
    return this.comments.hasVisibleComment(user.id);
  }
}
