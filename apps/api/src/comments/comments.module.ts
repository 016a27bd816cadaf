import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ModerationLogModule } from '../moderation/moderation-log.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { CommentFeedbackRepository } from './comment-feedback.repository.js';
import { CommentFeedbackService } from './comment-feedback.service.js';
import { CommentPostingRepository } from './comment-posting.repository.js';
import { CommentPostingService } from './comment-posting.service.js';
import { CommentReadingRepository } from './comment-reading.repository.js';
import { CommentReadingService } from './comment-reading.service.js';
import { CommentsController } from './comments.controller.js';
import { ReactionBroadcasts } from './reaction-broadcasts.js';
import { ThreadCache } from './thread-cache.js';

@Module({
  imports: [ArticlesModule, SettingsModule, ModerationLogModule],
  controllers: [CommentsController],
  providers: [
    TransactionRunner,
    CommentReadingRepository,
    CommentPostingRepository,
    CommentFeedbackRepository,
    CommentReadingService,
    CommentPostingService,
    CommentFeedbackService,
    ReactionBroadcasts,
    ThreadCache,
  ],
  exports: [CommentReadingRepository, ThreadCache],
})
export class CommentsModule {}
