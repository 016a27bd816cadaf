import { Inject, Injectable } from '@nestjs/common';
import { newestFirst, type CursorKey } from '../common/cursor.js';
import { KYSELY } from '../database/database.module.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';

export interface LogEntry {
  /** Null when the system (the automatic pipeline) acted. */
  actorId: string | null;
  action: string;
  commentId?: string | null;
  userId?: string | null;
  storyId?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

/** The append-only audit log: every moderation decision, by a person or by the pipeline. */
@Injectable()
export class ModerationLogRepository implements ExecutorBound<ModerationLogRepository> {
  constructor(@Inject(KYSELY) private readonly db: Executor) {}

  withExecutor(executor: Executor): ModerationLogRepository {
    return new ModerationLogRepository(executor);
  }

  async record(entry: LogEntry): Promise<void> {
    await this.db
      .insertInto('moderationActions')
      .values({
        actorId: entry.actorId,
        action: entry.action,
        commentId: entry.commentId ?? null,
        userId: entry.userId ?? null,
        storyId: entry.storyId ?? null,
        reason: entry.reason ?? null,
        details: JSON.stringify(entry.details ?? {}),
      })
      .execute();
  }

  list(limit: number, after?: CursorKey) {
    return this.db
      .selectFrom('moderationActions as log')
      .leftJoin('users as actor', 'actor.id', 'log.actorId')
      .leftJoin('users as target', 'target.id', 'log.userId')
      .leftJoin('stories as story', 'story.id', 'log.storyId')
      .select([
        'log.id',
        'log.action',
        'log.commentId',
        'log.userId',
        'log.reason',
        'log.createdAt',
        'actor.username as actor',
        'target.username as username',
        'story.slug as storySlug',
      ])
      .$call(newestFirst(limit, after, 'log'))
      .execute();
  }
}
