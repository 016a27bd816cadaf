import { Module } from '@nestjs/common';
import { ModerationHookClient } from './moderation-hook.client.js';
import { ModerationHookRepository } from './moderation-hook.repository.js';
import { ModerationHookService } from './moderation-hook.service.js';

/** The external moderation hook (PARLEY_MODERATION_HOOK_URL): asked by comment posting and edits. */
@Module({
  providers: [ModerationHookClient, ModerationHookRepository, ModerationHookService],
  exports: [ModerationHookService],
})
export class ModerationHookModule {}
