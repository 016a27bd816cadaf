import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CommentsModule } from '../comments/comments.module.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ModerationLogModule } from '../moderation/moderation-log.module.js';
import { AccountDeletionService } from './account-deletion.service.js';
import { AccountRepository } from './account.repository.js';
import { AccountAdminController, MyDataController } from './my-data.controller.js';
import { MyDataService } from './my-data.service.js';
import { SsoConfirmation } from './sso-confirmation.js';

/** "My data": the export and account deletion. `MyDataService.addSection` is for other features. */
@Module({
  imports: [AuthModule, CommentsModule, ModerationLogModule],
  controllers: [MyDataController, AccountAdminController],
  providers: [TransactionRunner, AccountRepository, AccountDeletionService, MyDataService, SsoConfirmation],
  exports: [MyDataService],
})
export class AccountModule {}
