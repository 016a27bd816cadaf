import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { NotificationMailer } from './notification-mailer.js';
import { NotificationWriter } from './notification-recorder.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';

/** Notifications (in-app, live, email): comments and moderation write them, the account exports them. */
@Module({
  imports: [MailModule, OutboxModule, RealtimeModule],
  controllers: [NotificationsController],
  providers: [NotificationMailer, NotificationWriter, NotificationsRepository, NotificationsService],
  exports: [NotificationWriter, NotificationsRepository, NotificationsService],
})
export class NotificationsModule {}
