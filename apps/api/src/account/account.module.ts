import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CommentsModule } from '../comments/comments.module.js';
import { ModerationLogModule } from '../moderation-log/moderation-log.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccountDeletionService } from './account-deletion.service.js';
import { AccountRepository } from './account.repository.js';
import { ImportClaimsController } from './import-claims.controller.js';
import { ImportClaimsRepository } from './import-claims.repository.js';
import { ImportClaimsService } from './import-claims.service.js';
import { AccountAdminController, MyDataController } from './my-data.controller.js';
import { MyCommentsRepository } from './my-comments.repository.js';
import { MyCommentsService } from './my-comments.service.js';
import { MyDataService } from './my-data.service.js';
import { NotificationDataSection } from './notification-data-section.js';
import { SsoConfirmation } from './sso-confirmation.js';

/** "My data": the export, account deletion and claims of imported comments. `MyDataService.addSection` adds a part to the export. */
@Module({
  imports: [
    AuthModule,
    CommentsModule,
    ModerationLogModule,
    NotificationsModule,
    OutboxModule,
    RealtimeModule,
    UsersModule,
  ],
  controllers: [MyDataController, AccountAdminController, ImportClaimsController],
  providers: [
    AccountRepository,
    AccountDeletionService,
    ImportClaimsRepository,
    ImportClaimsService,
    MyDataService,
    MyCommentsRepository,
    MyCommentsService,
    NotificationDataSection,
    SsoConfirmation,
  ],
})
export class AccountModule {}
