import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module.js';
import { MailJobs } from './mail-jobs.js';
import { MailRecipientCap } from './mail-recipient-cap.js';
import { MailSecretRepository } from './mail-secret.repository.js';
import { MailService } from './mail.service.js';

/** Outbound mail: the SMTP transport with its per-recipient cap, the secret behind unsubscribe links, and mail as outbox jobs. */
@Module({
  imports: [OutboxModule],
  providers: [MailService, MailRecipientCap, MailSecretRepository, MailJobs],
  exports: [MailService, MailSecretRepository, MailJobs],
})
export class MailModule {}
