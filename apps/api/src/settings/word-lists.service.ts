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

  /**
   * Trimmed, blanks and repeats dropped. The log row says what changed: each list's size old → new
   * and the words added and removed (the first few; staff read both the lists and the log).
   */
  async set(lists: WordLists, moderator: User): Promise<WordLists> {
    const unique = (words: string[]) => [...new Set(words.map((word) => word.trim()).filter(Boolean))];
    const before = await this.get();
    const settings = await this.settings.setWordLists(unique(lists.banned), unique(lists.suspect));
    const after = { banned: settings.bannedWords, suspect: settings.suspectWords };
    await this.log.record({
      actorId: moderator.id,
      action: 'word_lists',
      details: {
        ...listChanges('banned', before.banned, after.banned),
        ...listChanges('suspect', before.suspect, after.suspect),
      },
    });
    return after;
  }
}

/** Words named in a log row per list and direction; past this the row says how many more. */
const LOGGED_WORDS = 20;

function listChanges(name: string, before: string[], after: string[]): Record<string, unknown> {
  const had = new Set(before);
  const has = new Set(after);
  const added = after.filter((word) => !had.has(word));
  const removed = before.filter((word) => !has.has(word));
  if (added.length === 0 && removed.length === 0) return {};
  const named = (words: string[]) =>
    words.length > LOGGED_WORDS
      ? [...words.slice(0, LOGGED_WORDS), `… ${words.length - LOGGED_WORDS} more`]
      : words;
  return {
    [name]: { from: before.length, to: after.length },
    ...(added.length > 0 && { [`${name} added`]: named(added) }),
    ...(removed.length > 0 && { [`${name} removed`]: named(removed) }),
  };
}
