import { Inject, Injectable, Optional } from '@nestjs/common';
import { sql } from '@parley/db';
import { newestFirst, type CursorKey } from '../common/cursor.js';
import { onCommit } from '../database/commit-hooks.js';
import { KYSELY } from '../database/database.module.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';
import { DomainEvents } from '../events/domain-events.js';
import { LOG_RECORDED } from './log-recorded.js';

export interface LogEntry {
  /** Null when the system (the automatic pipeline) acted. */
  actorId: string | null;
  action: string;
  commentId?: string | null;
  userId?: string | null;
  storyId?: string | null;
  reason?: string | null;
  /** What changed: `{ field: { from, to } }` for old → new values, anything else as it is. */
  details?: Record<string, unknown>;
}

/** What the log can be narrowed by, already resolved to ids. */
export interface LogFilters {
  actorId?: string;
  action?: string;
  userId?: string;
  storyId?: string;
}

/** The first characters of a comment's text: enough for its first words, never the whole body. */
const EXCERPT_SOURCE_CHARS = 400;

/** The append-only audit log: every moderation decision, by a person or by the pipeline. */
@Injectable()
export class ModerationLogRepository implements ExecutorBound<ModerationLogRepository> {
  constructor(
    @Inject(KYSELY) private readonly db: Executor,
    // Absent in the CLI, which has no moderation room to tell.
    @Optional() private readonly events?: DomainEvents,
  ) {}

  withExecutor(executor: Executor): ModerationLogRepository {
    return new ModerationLogRepository(executor, this.events);
  }

  async record(entry: LogEntry): Promise<void> {
    const row = await this.db
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
      .returning('id')
      .executeTakeFirstOrThrow();
    const events = this.events;
    // Staff hear of it live once it is committed (on a rollback the hook is dropped with it).
    if (events) onCommit(this.db, () => events.raise(LOG_RECORDED, { id: row.id }));
  }

  list(limit: number, after: CursorKey | undefined, filters: LogFilters = {}) {
    return this.entries()
      .$if(filters.actorId !== undefined, (query) => query.where('log.actorId', '=', filters.actorId!))
      .$if(filters.action !== undefined, (query) => query.where('log.action', '=', filters.action!))
      .$if(filters.userId !== undefined, (query) => query.where('log.userId', '=', filters.userId!))
      .$if(filters.storyId !== undefined, (query) => query.where('log.storyId', '=', filters.storyId!))
      .$call(newestFirst(limit, after, 'log'))
      .execute();
  }

  findEntry(id: string) {
    return this.entries().where('log.id', '=', id).executeTakeFirst();
  }

  private entries() {
    return this.db
      .selectFrom('moderationActions as log')
      .leftJoin('users as actor', 'actor.id', 'log.actorId')
      .leftJoin('users as target', 'target.id', 'log.userId')
      .leftJoin('stories as story', 'story.id', 'log.storyId')
      .leftJoin('comments as comment', 'comment.id', 'log.commentId')
      .select([
        'log.id',
        'log.action',
        'log.actorId',
        'log.commentId',
        'log.userId',
        'log.storyId',
        'log.reason',
        'log.details',
        'log.createdAt',
        'actor.username as actor',
        'target.username as username',
        'story.slug as storySlug',
        'story.title as storyTitle',
        'story.url as storyUrl',
        'comment.status as commentStatus',
        sql<string | null>`left(comment.body, ${EXCERPT_SOURCE_CHARS})`.as('commentStart'),
      ]);
  }
}

export type LogRow = NonNullable<Awaited<ReturnType<ModerationLogRepository['findEntry']>>>;
