import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module.js';
import { ModerationLogModule } from '../moderation-log/moderation-log.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { UsersModule } from '../users/users.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { CommentEventsListener } from './comment-events.listener.js';
import { CommentFeedbackService } from './comment-feedback.service.js';
import { CommentMetricsListener } from './comment-metrics.listener.js';
import { CommentPostingService } from './comment-posting.service.js';
import { CommentReadingService } from './comment-reading.service.js';
import { CommentsController } from './comments.controller.js';
import { CommentsRepository } from './comments.repository.js';
import { ReactionBroadcasts } from './reaction-broadcasts.js';
import { ThreadCache } from './thread-cache.js';

@Module({
  imports: [
    ArticlesModule,
    SettingsModule,
    ModerationLogModule,
    UsersModule,
    NotificationsModule,
    WebhooksModule,
    RealtimeModule,
  ],
  controllers: [CommentsController],
  providers: [
    CommentsRepository,
    CommentReadingService,
    CommentPostingService,
    CommentFeedbackService,
    CommentEventsListener,
    ReactionBroadcasts,
    ThreadCache,
    CommentMetricsListener,
  ],
  exports: [CommentsRepository, ThreadCache],
})
export class CommentsModule {}
