import { Inject, Injectable } from '@nestjs/common';
import { sql } from '@parley/db';
import { newestFirst, type CursorKey } from '../common/cursor.js';
import { KYSELY } from '../database/database.module.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';

/** Moderators' notes about people: the only SQL that touches `moderator_notes`. */
@Injectable()
export class ModeratorNotesRepository implements ExecutorBound<ModeratorNotesRepository> {
  constructor(@Inject(KYSELY) private readonly db: Executor) {}

  withExecutor(executor: Executor): ModeratorNotesRepository {
    return new ModeratorNotesRepository(executor);
  }

  insert(note: { userId: string; authorId: string; body: string }) {
    return this.db
      .insertInto('moderatorNotes')
      .values(note)
      .returning(['id', 'userId', 'authorId', 'body', 'createdAt'])
      .executeTakeFirstOrThrow();
  }

  /** One page of the notes about a person, newest first, each with its author. */
  page(userId: string, limit: number, after?: CursorKey) {
    return this.db
      .selectFrom('moderatorNotes as note')
      .leftJoin('users as author', 'author.id', 'note.authorId')
      .select([
        'note.id',
        'note.userId',
        'note.body',
        'note.createdAt',
        'author.id as authorId',
        'author.username as authorUsername',
        'author.displayName as authorDisplayName',
        'author.role as authorRole',
      ])
      .where('note.userId', '=', userId)
      .$call(newestFirst(limit, after, 'note'))
      .execute();
  }

  async count(userId: string): Promise<number> {
    const row = await this.db
      .selectFrom('moderatorNotes')
      .select(sql<number>`count(*)::int`.as('count'))
      .where('userId', '=', userId)
      .executeTakeFirstOrThrow();
    return row.count;
  }
}
