import { Module } from '@nestjs/common';
import { StoryLookupModule } from '../stories/story-lookup.module.js';
import { ModerationHookModule } from '../moderation-hook/moderation-hook.module.js';
import { ModerationLogModule } from '../moderation-log/moderation-log.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { ToxicityModule } from '../toxicity/toxicity.module.js';
import { UsersModule } from '../users/users.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { CommentEventsListener } from './comment-events.listener.js';
import { CommentFeedbackRepository } from './comment-feedback.repository.js';
import { CommentChangePublisher } from './comment-change-publisher.js';
import { CommentChangeRecorder } from './comment-change-recorder.js';
import { CommentFeedbackService } from './comment-feedback.service.js';
import { CommentMetricsListener } from './comment-metrics.listener.js';
import { CommentPostingRepository } from './comment-posting.repository.js';
import { CommentPostingService } from './comment-posting.service.js';
import { CommentReadingRepository } from './comment-reading.repository.js';
import { CommentReadingService } from './comment-reading.service.js';
import { CommentRevisionsRepository } from './comment-revisions.repository.js';
import { CommentsController } from './comments.controller.js';
import { ReactionBroadcasts } from './reaction-broadcasts.js';
import { ThreadCache } from './thread-cache.js';

@Module({
  imports: [
    StoryLookupModule,
    SettingsModule,
    ModerationLogModule,
    ModerationHookModule,
    ToxicityModule,
    UsersModule,
    NotificationsModule,
    WebhooksModule,
    RealtimeModule,
  ],
  controllers: [CommentsController],
  providers: [
    CommentReadingRepository,
    CommentPostingRepository,
    CommentFeedbackRepository,
    CommentRevisionsRepository,
    CommentReadingService,
    CommentPostingService,
    CommentFeedbackService,
    CommentEventsListener,
    ReactionBroadcasts,
    ThreadCache,
    CommentMetricsListener,
    CommentChangeRecorder,
    CommentChangePublisher,
  ],
  exports: [
    CommentReadingRepository,
    CommentRevisionsRepository,
    ThreadCache,
    CommentChangeRecorder,
    CommentChangePublisher,
  ],
})
export class CommentsModule {}
