import { Body, Controller } from '@nestjs/common';
import type { User } from '@parley/db';
import type { ToxicitySettings, ToxicityThresholds } from '@parley/shared';
import { CurrentUser } from '../auth/access.js';
import { Route } from '../common/route.js';
import { ToxicitySettingsService } from './toxicity-settings.service.js';

/** The toxicity thresholds in /moderate's settings (staff, like the word lists). */
@Controller()
export class ToxicitySettingsController {
  constructor(private readonly thresholds: ToxicitySettingsService) {}

  @Route('getToxicitySettings')
  get(): Promise<ToxicitySettings> {
    return this.thresholds.get();
  }

  @Route('setToxicitySettings', { body: 'toxicity thresholds' })
  set(@Body() body: ToxicityThresholds, @CurrentUser() moderator: User): Promise<ToxicitySettings> {
    return this.thresholds.set(body, moderator);
  }
}
