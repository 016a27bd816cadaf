import { Module } from '@nestjs/common';
import { CommentsModule } from '../comments/comments.module.js';
import { MailModule } from '../mail/mail.module.js';
import { ModerationLogModule } from '../moderation-log/moderation-log.module.js';
import { ModerationModule } from '../moderation/moderation.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { DsaAppealsService } from './dsa-appeals.service.js';
import { DsaMailQueue } from './dsa-mail-queue.js';
import { DsaMailer } from './dsa-mailer.js';
import { DsaNoticesService } from './dsa-notices.service.js';
import { DsaReportService } from './dsa-report.service.js';
import { DsaController } from './dsa.controller.js';
import { DsaRepository } from './dsa.repository.js';

/**
 * Notice and action under the EU Digital Services Act (Art. 16, 17, 20). Apart from moderation: it
 * takes comment decisions through `ModerationDecisionsService.decideWithin`, so they follow the
 * one decision path.
 */
@Module({
  imports: [CommentsModule, MailModule, ModerationLogModule, ModerationModule, OutboxModule, RealtimeModule],
  controllers: [DsaController],
  providers: [DsaRepository, DsaMailQueue, DsaMailer, DsaNoticesService, DsaAppealsService, DsaReportService],
})
export class DsaModule {}
