import { Injectable } from '@nestjs/common';
import type { SiteSettings, User } from '@parley/db';
import type { ToxicitySettings, ToxicityThresholds } from '@parley/shared';
import { ModerationLogRepository } from '../moderation-log/moderation-log.repository.js';
import { SettingsService } from '../settings/settings.service.js';
import { ToxicityService } from './toxicity.service.js';

/** The site's toxicity thresholds (moderation settings): read and set by moderators (logged). */
@Injectable()
export class ToxicitySettingsService {
  constructor(
    private readonly settings: SettingsService,
    private readonly toxicity: ToxicityService,
    private readonly log: ModerationLogRepository,
  ) {}

  async get(): Promise<ToxicitySettings> {
    const { settings } = await this.settings.get();
    return this.answer(settings);
  }

  async set(thresholds: ToxicityThresholds, moderator: User): Promise<ToxicitySettings> {
    const settings = await this.settings.setToxicityThresholds({
      toxicityWarn: thresholds.warn,
      toxicityHold: thresholds.hold,
      toxicityReject: thresholds.reject,
    });
    await this.log.record({ actorId: moderator.id, action: 'toxicity_thresholds', details: thresholds });
    return this.answer(settings);
  }

  private answer(settings: SiteSettings): ToxicitySettings {
    return {
      warn: settings.toxicityWarn,
      hold: settings.toxicityHold,
      reject: settings.toxicityReject,
      model: this.toxicity.model,
    };
  }
}
