import { Injectable } from '@nestjs/common';
import type { User } from '@parley/db';
import type { WordLists } from '@parley/shared';
import { ModerationLogRepository } from '../moderation-log/moderation-log.repository.js';
import { SettingsService } from './settings.service.js';

/** The banned and suspect word lists the pipeline screens with: read by moderators, set by them (logged). */
@Injectable()
export class WordListsService {
  constructor(
    private readonly settings: SettingsService,
    private readonly log: ModerationLogRepository,
  ) {}

  async get(): Promise<WordLists> {
    const { settings } = await this.settings.get();
    return { banned: settings.bannedWords, suspect: settings.suspectWords };
  }

  /** Trimmed, blanks and repeats dropped; the log row counts the words, it does not list them. */
  async set(lists: WordLists, moderator: User): Promise<WordLists> {
    const unique = (words: string[]) => [...new Set(words.map((word) => word.trim()).filter(Boolean))];
    const settings = await this.settings.setWordLists(unique(lists.banned), unique(lists.suspect));
    await this.log.record({
      actorId: moderator.id,
      action: 'word_lists',
      details: { banned: settings.bannedWords.length, suspect: settings.suspectWords.length },
    });
    return { banned: settings.bannedWords, suspect: settings.suspectWords };
  }
}
