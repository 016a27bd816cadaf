import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module.js';
import { CommentsModule } from '../comments/comments.module.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { SettingsModule } from '../settings/settings.module.js';
import { ModerationLogModule } from './moderation-log.module.js';
import { ModerationMetrics } from './moderation-metrics.js';
import { ModerationQueuesRepository } from './moderation-queues.repository.js';
import { ModerationQueuesService } from './moderation-queues.service.js';
import { ModerationController } from './moderation.controller.js';
import { ModerationRepository } from './moderation.repository.js';
import { ModerationService } from './moderation.service.js';

@Module({
  imports: [ArticlesModule, CommentsModule, SettingsModule, ModerationLogModule],
  controllers: [ModerationController],
  providers: [
    TransactionRunner,
    ModerationService,
    ModerationRepository,
    ModerationQueuesRepository,
    ModerationQueuesService,
    ModerationMetrics,
  ],
  exports: [ModerationQueuesService],
})
export class ModerationModule {}
