import { Global, Module } from '@nestjs/common';
import { AccountModule } from '../account/account.module.js';
import { MailSecretRepository } from '../mail/mail-secret.repository.js';
import { MailService } from '../mail/mail.service.js';
import { MailJobs } from './mail-jobs.js';
import { NotificationDataSection } from './notification-data-section.js';
import { NotificationMailer } from './notification-mailer.js';
import { NotificationWriter } from './notification-recorder.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';

/** Notifications (in-app, live, email) and the mail they send; global, as comments and moderation write them. */
@Global()
@Module({
  imports: [AccountModule],
  controllers: [NotificationsController],
  providers: [
    NotificationDataSection,
    NotificationMailer,
    NotificationWriter,
    NotificationsRepository,
    NotificationsService,
    MailSecretRepository,
    MailService,
    MailJobs,
  ],
  exports: [
    NotificationWriter,
    NotificationsRepository,
    NotificationsService,
    MailSecretRepository,
    MailService,
    MailJobs,
  ],
})
export class NotificationsModule {}
