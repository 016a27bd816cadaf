import { Inject, Injectable } from '@nestjs/common';
import { COMMENT_STATUSES, type CommentStatus } from '@parley/db';
import { KYSELY } from '../database/database.module.js';
import type { Executor } from '../database/transaction-runner.js';

/** What the moderation hook is told about an author that is not on their row. */
@Injectable()
export class ModerationHookRepository {
  constructor(@Inject(KYSELY) private readonly db: Executor) {}

  /** The author's comments by status (every status, zeros included). Read before the posting transaction. */
  async commentCounts(authorId: string): Promise<Record<CommentStatus, number>> {
    const rows = await this.db
      .selectFrom('comments')
      .select(['status', (eb) => eb.fn.countAll<string>().as('count')])
      .where('authorId', '=', authorId)
      .groupBy('status')
      .execute();
    const counts = Object.fromEntries(COMMENT_STATUSES.map((status) => [status, 0])) as Record<
      CommentStatus,
      number
    >;
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }
}
