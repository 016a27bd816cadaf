import { Module } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ModerationLogModule } from '../moderation/moderation-log.module.js';
import { StoriesAdminController } from './stories-admin.controller.js';
import { StoriesController } from './stories.controller.js';
import { StoriesRepository } from './stories.repository.js';
import { StoriesService } from './stories.service.js';

@Module({
  imports: [ModerationLogModule],
  controllers: [StoriesController, StoriesAdminController],
  providers: [StoriesService, StoriesRepository, TransactionRunner],
  exports: [StoriesService, StoriesRepository],
})
export class StoriesModule {}
