import { Module } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ArticlesModule } from '../articles/articles.module.js';
import { ModerationLogRepository } from '../moderation/moderation-log.repository.js';
import { ModerationQueuesRepository } from '../moderation/moderation-queues.repository.js';
import { ModerationQueuesService } from '../moderation/moderation-queues.service.js';
import { SettingsRepository } from '../settings/settings.repository.js';
import { SettingsService } from '../settings/settings.service.js';
import { CommentsController } from './comments.controller.js';
import { CommentsRepository } from './comments.repository.js';
import { CommentsService } from './comments.service.js';

@Module({
  imports: [ArticlesModule],
  controllers: [CommentsController],
  providers: [
    TransactionRunner,
    CommentsService,
    CommentsRepository,
    SettingsService,
    SettingsRepository,
    ModerationLogRepository,
    ModerationQueuesRepository,
    ModerationQueuesService,
  ],
  exports: [
    CommentsService,
    CommentsRepository,
    SettingsService,
    ModerationLogRepository,
    ModerationQueuesService,
  ],
})
export class CommentsModule {}
