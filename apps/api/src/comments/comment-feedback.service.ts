import { Injectable } from '@nestjs/common';
import type { User } from '@parley/db';
import { isVisible, type ReactionsUpdated, type ReportRequest } from '@parley/shared';
import { AppError } from '../common/app-error.js';
import { DomainEvents } from '../events/domain-events.js';
import { ModerationLogRepository } from '../moderation/moderation-log.repository.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { SettingsService } from '../settings/settings.service.js';
import { COMMENT_CHANGED } from './comment-events.js';
import { CommentsRepository } from './comments.repository.js';

/** What readers do to others' comments: react, report. */
@Injectable()
export class CommentFeedbackService {
  constructor(
    private readonly comments: CommentsRepository,
    private readonly settings: SettingsService,
    private readonly log: ModerationLogRepository,
    private readonly realtime: RealtimeService,
    private readonly events: DomainEvents,
  ) {}

  async react(id: string, user: User, on: boolean): Promise<ReactionsUpdated> {
    const record = await this.comments.findById(id);
    if (!record || !isVisible(record)) throw new AppError('comment/not_found');
    const changed = on
      ? await this.comments.addReaction(id, user.id)
      : await this.comments.removeReaction(id, user.id);
    const payload = { id, counts: { like: await this.comments.reactionCount(id) } };
    if (changed) this.realtime.reactionsUpdated(record.articleId, payload);
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
