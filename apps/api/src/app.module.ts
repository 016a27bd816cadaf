import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ArticlesModule } from './articles/articles.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CommentEventsModule } from './comments/comment-events.module.js';
import { CommentsModule } from './comments/comments.module.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { CONFIG, type Config } from './config/config.js';
import { DatabaseModule } from './database/database.module.js';
import { DocsModule } from './docs/docs.module.js';
import { EventsModule } from './events/events.module.js';
import { ModerationModule } from './moderation/moderation.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { OutboxModule } from './outbox/outbox.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { AccountModule } from './account/account.module.js';
import { HealthController } from './health/health.controller.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { RealtimeGateway } from './realtime/realtime.gateway.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { RedisModule } from './redis/redis.module.js';
import { StoriesModule } from './stories/stories.module.js';

@Module({})
export class AppModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        DatabaseModule,
        EventsModule,
        OutboxModule,
        WebhooksModule,
        RedisModule,
        MetricsModule,
        RealtimeModule,
        AuthModule,
        NotificationsModule,
        ArticlesModule,
        CommentsModule,
        ModerationModule,
        StoriesModule,
        CommentEventsModule,
        AccountModule,
        DocsModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        RealtimeGateway,
      ],
      exports: [CONFIG],
    };
  }
}
