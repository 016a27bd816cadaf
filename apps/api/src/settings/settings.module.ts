import { Module } from '@nestjs/common';
import { ModerationLogModule } from '../moderation-log/moderation-log.module.js';
import { SettingsRepository } from './settings.repository.js';
import { SettingsService } from './settings.service.js';
import { WordListsService } from './word-lists.service.js';

/** Site settings, the word lists and the matchers built from them, cached per node. */
@Module({
  imports: [ModerationLogModule],
  providers: [SettingsService, SettingsRepository, WordListsService],
  exports: [SettingsService, WordListsService],
})
export class SettingsModule {}
