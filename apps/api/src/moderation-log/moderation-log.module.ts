import { Module } from '@nestjs/common';
import { ModerationLogRepository } from '../moderation-log/moderation-log.repository.js';

/** The audit log on its own: the posting pipeline writes to it as well as moderators. */
@Module({
  providers: [ModerationLogRepository],
  exports: [ModerationLogRepository],
})
export class ModerationLogModule {}
