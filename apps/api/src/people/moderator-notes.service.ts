import { Injectable } from '@nestjs/common';
import type { User } from '@parley/db';
import type { ModeratorNote, ModeratorNotePage } from '@parley/shared';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../common/app-error.js';
import { decodeCursor, NEWEST_FIRST_CURSOR, newestFirstKey, toPage } from '../common/cursor.js';
import { charge, RateLimiterFactory } from '../common/rate-limiter.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ModerationLogRepository } from '../moderation-log/moderation-log.repository.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { ModeratorNotesRepository } from './moderator-notes.repository.js';

/** Notes one moderator may add in NOTES_WINDOW_SECONDS: plenty by hand, not a script's flood. */
export const NOTES_PER_WINDOW = 30;
export const NOTES_WINDOW_SECONDS = 600;

type NoteRow = Awaited<ReturnType<ModeratorNotesRepository['page']>>[number];

/**
 * Moderators' private notes about people: the newsroom's records. Each is also an entry of the
 * moderation log, and is announced to the moderation room so an open drawer shows it at once.
 */
@Injectable()
export class ModeratorNotesService {
  private readonly limiter: RateLimiterAbstract;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly notes: ModeratorNotesRepository,
    private readonly users: UsersRepository,
    private readonly log: ModerationLogRepository,
    private readonly realtime: RealtimeService,
    limiters: RateLimiterFactory,
  ) {
    this.limiter = limiters.create('moderator-notes', NOTES_PER_WINDOW, NOTES_WINDOW_SECONDS);
  }

  async list(userId: string, query: { cursor?: string; limit: number }): Promise<ModeratorNotePage> {
    const after = decodeCursor(query.cursor, NEWEST_FIRST_CURSOR);
    if (!(await this.users.findById(userId))) throw new AppError('moderation/user_not_found');
    const rows = await this.notes.page(userId, query.limit, after);
    const page = toPage(rows, query.limit, newestFirstKey);
    return { items: page.items.map(toNote), nextCursor: page.nextCursor };
  }

  async add(userId: string, body: string, moderator: User): Promise<ModeratorNote> {
    const allowance = await charge(this.limiter, moderator.id);
    if (!allowance.allowed) {
      throw new AppError('moderation/notes_rate_limited', { retryAfterSeconds: allowance.retryAfterSeconds });
    }
    if (!(await this.users.findById(userId))) throw new AppError('moderation/user_not_found');
    const row = await this.transactions.run({ notes: this.notes, log: this.log }, async ({ notes, log }) => {
      const inserted = await notes.insert({ userId, authorId: moderator.id, body });
      // The audit log keeps the words as written, whatever happens to the note later.
      await log.record({
        actorId: moderator.id,
        action: 'user_note',
        userId,
        details: { noteId: inserted.id, body },
      });
      return inserted;
    });
    const note = toNote({
      ...row,
      authorId: moderator.id,
      authorUsername: moderator.username,
      authorDisplayName: moderator.displayName,
      authorRole: moderator.role,
    });
    this.realtime.noteAdded({ note });
    return note;
  }
}

function toNote(row: NoteRow): ModeratorNote {
  return {
    id: row.id,
    userId: row.userId,
    body: row.body,
    author:
      row.authorId && row.authorUsername && row.authorDisplayName && row.authorRole
        ? {
            id: row.authorId,
            username: row.authorUsername,
            displayName: row.authorDisplayName,
            role: row.authorRole,
          }
        : null,
    createdAt: row.createdAt.toISOString(),
  };
}
