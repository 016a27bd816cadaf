import { Global, Module } from '@nestjs/common';
import { MailSecretRepository } from '../mail/mail-secret.repository.js';
import { MailService } from '../mail/mail.service.js';
import { MailJobs } from './mail-jobs.js';
import { NotificationMailer } from './notification-mailer.js';
import { NotificationWriter } from './notification-recorder.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';

/** Notifications (in-app, live, email) and the mail they send; global, as comments and moderation write them. */
@Global()
@Module({
  controllers: [NotificationsController],
  providers: [
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
