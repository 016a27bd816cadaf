import { Injectable } from '@nestjs/common';
import type { User } from '@parley/db';
import { isVisible, type ReactionsUpdated, type ReportRequest } from '@parley/shared';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../common/app-error.js';
import { RateLimiterFactory, charge } from '../common/rate-limiter.js';
import { DomainEvents } from '../events/domain-events.js';
import { ModerationLogRepository } from '../moderation/moderation-log.repository.js';
import { SettingsService } from '../settings/settings.service.js';
import { COMMENT_CHANGED } from './comment-events.js';
import { CommentsRepository } from './comments.repository.js';
import { ReactionBroadcasts } from './reaction-broadcasts.js';

/** Likes and unlikes one user may send per minute (each is a write; shared by every node with Redis). */
export const REACTIONS_PER_MINUTE = 30;

/** What readers do to others' comments: react, report. */
@Injectable()
export class CommentFeedbackService {
  private readonly reactionsByUser: RateLimiterAbstract;

  constructor(
    private readonly comments: CommentsRepository,
    private readonly settings: SettingsService,
    private readonly log: ModerationLogRepository,
    private readonly events: DomainEvents,
    private readonly reactionBroadcasts: ReactionBroadcasts,
    limiters: RateLimiterFactory,
  ) {
    this.reactionsByUser = limiters.create('reactions', REACTIONS_PER_MINUTE, 60);
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
    if (changed) this.reactionBroadcasts.changed(record.articleId, id);
    return payload;
  }

  /** Files a report; at the threshold of distinct reporters a published comment is held for review. */
  async report(id: string, user: User, input: ReportRequest): Promise<{ created: boolean }> {
    const record = await this.comments.findById(id);
    if (!record || !isVisible(record)) throw new AppError('comment/not_found');
    if (record.authorId === user.id) throw new AppError('comment/own_comment');
    const created = await this.comments.addReport(id, user.id, input.reason, input.note ?? null);
    if (!created) return { created };
    const { settings } = await this.settings.get();
    if (await this.comments.holdForReports(id, settings.reportThreshold)) {
      await this.log.record({
        actorId: null,
        action: 'auto_hold',
        commentId: id,
        userId: record.authorId,
        articleId: record.articleId,
        reason: 'reports',
        details: { threshold: settings.reportThreshold },
      });
    }
    const after = (await this.comments.findById(id))!;
    this.events.raise(COMMENT_CHANGED, { cause: 'reported', before: record, after });
    return { created };
  }
}
