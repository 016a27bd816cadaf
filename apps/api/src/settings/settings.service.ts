import { Injectable } from '@nestjs/common';
import type { SiteSettings } from '@parley/db';
import { WordMatcher } from './word-matcher.js';
import { SettingsRepository } from './settings.repository.js';

export interface ModerationSettings {
  settings: SiteSettings;
  banned: WordMatcher;
  suspect: WordMatcher;
}

const FRESH_FOR_MS = 2000;

/**
 * Site settings, read from the database at most every two seconds per node, so a word-list
 * change on any node applies everywhere within that time. Matchers are rebuilt only when the
 * lists change.
 */
@Injectable()
export class SettingsService {
  private cached: { at: number; value: ModerationSettings } | null = null;

  constructor(private readonly repository: SettingsRepository) {}

  async get(): Promise<ModerationSettings> {
    if (this.cached && Date.now() - this.cached.at < FRESH_FOR_MS) return this.cached.value;
    const settings = await this.repository.get();
    const previous = this.cached?.value;
    const value =
      previous && previous.settings.updatedAt.getTime() === settings.updatedAt.getTime()
        ? { ...previous, settings }
        : {
            settings,
            banned: new WordMatcher(settings.bannedWords),
            suspect: new WordMatcher(settings.suspectWords),
          };
    this.cached = { at: Date.now(), value };
    return value;
  }

  async setWordLists(banned: string[], suspect: string[]): Promise<SiteSettings> {
    const settings = await this.repository.setWordLists(banned, suspect);
    this.cached = null;
    return settings;
  }

  async setToxicityThresholds(
    thresholds: Pick<SiteSettings, 'toxicityWarn' | 'toxicityHold' | 'toxicityReject'>,
  ): Promise<SiteSettings> {
    const settings = await this.repository.setToxicityThresholds(thresholds);
    this.cached = null;
    return settings;
  }
}
