import { Module } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ArticlesModule } from '../articles/articles.module.js';
import { CommentsModule } from '../comments/comments.module.js';
import { ModerationController } from './moderation.controller.js';
import { ModerationRepository } from './moderation.repository.js';
import { ModerationService } from './moderation.service.js';

@Module({
  imports: [ArticlesModule, CommentsModule],
  controllers: [ModerationController],
  providers: [TransactionRunner, ModerationService, ModerationRepository],
})
export class ModerationModule {}
