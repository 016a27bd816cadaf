import { Module } from '@nestjs/common';
import { ModerationLogModule } from '../moderation-log/moderation-log.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { ToxicitySettingsController } from './toxicity-settings.controller.js';
import { ToxicitySettingsService } from './toxicity-settings.service.js';
import { ToxicityService } from './toxicity.service.js';

/**
 * Local toxicity scoring (PARLEY_TOXICITY_MODEL_DIR): the scorer, asked by comment posting and
 * shown by health, and the site's thresholds, set in /moderate.
 */
@Module({
  imports: [SettingsModule, ModerationLogModule],
  controllers: [ToxicitySettingsController],
  providers: [ToxicityService, ToxicitySettingsService],
  exports: [ToxicityService],
})
export class ToxicityModule {}
