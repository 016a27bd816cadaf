import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ModerationLogModule } from '../moderation/moderation-log.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { CommentFeedbackService } from './comment-feedback.service.js';
import { CommentMetricsListener } from './comment-metrics.listener.js';
import { CommentPostingService } from './comment-posting.service.js';
import { CommentReadingService } from './comment-reading.service.js';
import { CommentsController } from './comments.controller.js';
import { CommentsRepository } from './comments.repository.js';
import { ReactionBroadcasts } from './reaction-broadcasts.js';
import { ThreadCache } from './thread-cache.js';

@Module({
  imports: [ArticlesModule, SettingsModule, ModerationLogModule],
  controllers: [CommentsController],
  providers: [
    TransactionRunner,
    CommentsRepository,
    CommentReadingService,
    CommentPostingService,
    CommentFeedbackService,
    ReactionBroadcasts,
    ThreadCache,
    CommentMetricsListener,
  ],
  exports: [CommentsRepository, ThreadCache],
})
export class CommentsModule {}
