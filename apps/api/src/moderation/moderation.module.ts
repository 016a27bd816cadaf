import { Module } from '@nestjs/common';
import { StoryLookupModule } from '../stories/story-lookup.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { CommentsModule } from '../comments/comments.module.js';
import { ModerationLogModule } from '../moderation-log/moderation-log.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { UsersModule } from '../users/users.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { CommentHistoryService } from './comment-history.service.js';
import { ModerationMetrics } from './moderation-metrics.js';
import { ModerationQueuesRepository } from './moderation-queues.repository.js';
import { ModerationQueuesService } from './moderation-queues.service.js';
import { ModerationRoomGateway } from './moderation-room.gateway.js';
import { ModerationController } from './moderation.controller.js';
import { ModerationRepository } from './moderation.repository.js';
import { ModerationDecisionsService } from './moderation-decisions.service.js';
import { LogAnnouncementsListener } from './log-announcements.listener.js';
import { ModerationLogService } from './moderation-log.service.js';
import { QueueAnnouncementsListener } from './queue-announcements.listener.js';
import { UserSanctionsService } from './user-sanctions.service.js';

@Module({
  imports: [
    StoryLookupModule,
    AuthModule,
    CommentsModule,
    ModerationLogModule,
    NotificationsModule,
    RealtimeModule,
    SettingsModule,
    UsersModule,
    WebhooksModule,
  ],
  controllers: [ModerationController],
  providers: [
    CommentHistoryService,
    ModerationDecisionsService,
    UserSanctionsService,
    ModerationRepository,
    ModerationQueuesRepository,
    ModerationQueuesService,
    ModerationMetrics,
    ModerationRoomGateway,
    QueueAnnouncementsListener,
    ModerationLogService,
    LogAnnouncementsListener,
  ],
  exports: [ModerationDecisionsService],
})
export class ModerationModule {}
