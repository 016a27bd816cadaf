import { Injectable } from '@nestjs/common';
import type { User } from '@parley/db';
import { isVisible, type ReactionsUpdated, type ReportRequest } from '@parley/shared';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { hasStaffPowers } from '../auth/access.js';
import { AppError } from '../common/app-error.js';
import { RateLimiterFactory, charge } from '../common/rate-limiter.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { SettingsService } from '../settings/settings.service.js';
import { CommentChangePublisher } from './comment-change-publisher.js';
import { CommentChangeRecorder } from './comment-change-recorder.js';
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
    private readonly reactionBroadcasts: ReactionBroadcasts,
    private readonly threads: ThreadCache,
    private readonly transactions: TransactionRunner,
    private readonly changes: CommentChangeRecorder,
    private readonly publisher: CommentChangePublisher,
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
      await this.threads.changed([record.storyId]);
      this.reactionBroadcasts.changed(record.storyId, id);
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
    // The report, the hold it may cause, and their log row and webhook events commit together.
    const recorded = await this.transactions.run(
      { comments: this.comments, changes: this.changes },
      async ({ comments, changes }) => {
        // Reports on one comment one at a time: each counts the ones committed before it.
        const before = await comments.lockById(id);
        if (!before) throw new AppError('comment/not_found');
        if (!(await comments.addReport(id, user.id, input.reason, input.note ?? null, countsTowardHold))) {
          return null;
        }
        await comments.holdForReports(id, threshold);
        return changes.record({
          cause: 'reported',
          before,
          after: (await comments.findById(id))!,
          actor: { id: user.id, username: user.username },
          report: { reason: input.reason, countsTowardHold, threshold, byStaff: staff },
        });
      },
    );
    if (!recorded) return { created: false };
    await this.publisher.publish(recorded);
    return { created: true };
  }

  /** An account at least 24 h old, or one with a comment every reader can see. */
  private async inGoodStanding(user: User, now: Date): Promise<boolean> {
    if (now.getTime() - user.createdAt.getTime() >= REPORTER_MIN_AGE_MS) return true;
    return this.comments.hasVisibleComment(user.id);
  }
}
