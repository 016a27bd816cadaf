import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AccountModule } from './account/account.module.js';
import { StoryLookupModule } from './stories/story-lookup.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CommentsModule } from './comments/comments.module.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import type { Config } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DocsModule } from './docs/docs.module.js';
import { EventsModule } from './events/events.module.js';
import { HealthModule } from './health/health.module.js';
import { ModerationModule } from './moderation/moderation.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { ImportJobsModule } from './import-jobs/import-jobs.module.js';
import { OutboxModule } from './outbox/outbox.module.js';
import { DsaModule } from './dsa/dsa.module.js';
import { PeopleModule } from './people/people.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { RedisModule } from './redis/redis.module.js';
import { SearchModule } from './search/search.module.js';
import { StoriesModule } from './stories/stories.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

/**
 * The plumbing (config, database, redis, events) is global; every feature imports the modules whose
 * exports it uses (docs/ARCHITECTURE.md draws the graph).
 */
@Module({})
export class AppModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        EventsModule,
        OutboxModule,
        WebhooksModule,
        MetricsModule,
        RealtimeModule,
        AuthModule,
        NotificationsModule,
        StoryLookupModule,
        CommentsModule,
        ModerationModule,
        PeopleModule,
        DsaModule,
        SearchModule,
        StoriesModule,
        ImportJobsModule,
        AccountModule,
        DocsModule,
        HealthModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
    };
  }
}
