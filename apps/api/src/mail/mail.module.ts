import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module.js';
import { MailJobs } from './mail-jobs.js';
import { MailSecretRepository } from './mail-secret.repository.js';
import { MailService } from './mail.service.js';

/** Outbound mail: the SMTP transport, the secret behind unsubscribe links, and mail as outbox jobs. */
@Module({
  imports: [OutboxModule],
  providers: [MailService, MailSecretRepository, MailJobs],
  exports: [MailService, MailSecretRepository, MailJobs],
})
export class MailModule {}
