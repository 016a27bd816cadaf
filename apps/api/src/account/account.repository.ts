import { Inject, Injectable } from '@nestjs/common';
import { sql } from '@parley/db';
import { KYSELY } from '../database/database.module.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';

/** The SQL of "my data": the export's reads and the deletion's writes. */
@Injectable()
export class AccountRepository implements ExecutorBound<AccountRepository> {
  constructor(@Inject(KYSELY) private readonly db: Executor) {}

  withExecutor(executor: Executor): AccountRepository {
    return new AccountRepository(executor);
  }

  commentsOf(userId: string) {
    return this.db
      .selectFrom('comments')
      .innerJoin('stories', 'stories.id', 'comments.storyId')
      .select([
        'comments.id',
        'comments.parentId',
        'comments.body',
        'comments.status',
        'comments.createdAt',
        'comments.editedAt',
        'stories.slug',
        'stories.title',
        'stories.url as storyUrl',
      ])
      .where('comments.authorId', '=', userId)
      .orderBy('comments.createdAt')
      .orderBy('comments.id')
      .execute();
  }

  reactionsOf(userId: string) {
    return this.db
      .selectFrom('reactions')
      .select(['commentId', 'kind', 'createdAt'])
      .where('userId', '=', userId)
      .orderBy('createdAt')
      .execute();
  }

  reportsOf(userId: string) {
    return this.db
      .selectFrom('reports')
      .select(['commentId', 'reason', 'note', 'createdAt', 'resolvedAt'])
      .where('reporterId', '=', userId)
      .orderBy('createdAt')
      .execute();
  }

  /** Ids of the user's comments that are not placeholders yet. */
  async liveCommentIds(userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('comments')
      .select('id')
      .where('authorId', '=', userId)
      .where('status', '!=', 'deleted')
      .execute();
    return rows.map((row) => row.id);
  }

  /**
   * Turns the comments into `deleted` placeholders (no text, flags, matched words or what the
   * moderation hook said of them); replies by
   * others keep their place under them. Counters follow by trigger. Their open reports are settled,
   * so nothing of the account waits in a queue.
   */
  async placeholder(commentIds: string[]): Promise<void> {
    if (commentIds.length === 0) return;
    await this.db
      .updateTable('comments')
      .set({
        status: 'deleted',
        body: '',
        featured: false,
        flags: [],
        matchedWords: [],
        hookReason: null,
        hookLabels: null,
        updatedAt: sql<Date>`now()`,
      })
      .where('id', 'in', commentIds)
      .execute();
    await this.db
      .updateTable('reports')
      .set({ resolvedAt: sql<Date>`now()` })
      .where('commentId', 'in', commentIds)
      .where('resolvedAt', 'is', null)
      .execute();
  }

  /** The user's reactions go (counts follow by trigger). */
  async removeReactions(userId: string): Promise<void> {
    await this.db.deleteFrom('reactions').where('userId', '=', userId).execute();
  }

  /** Marks the account deleted: no display name, a password no one knows. */
  async markDeleted(userId: string, unusablePasswordHash: string, at: Date): Promise<void> {
    await this.db
      .updateTable('users')
      // The host site's link goes too: a later sign-in through it starts a new account. So does
      // the address (no mail reaches a deleted account, and it is free for another).
      .set({
        displayName: 'Deleted account',
        passwordHash: unusablePasswordHash,
        ssoSubject: null,
        email: null,
        emailVerifiedAt: null,
        deletedAt: at,
      })
      .where('id', '=', userId)
      .execute();
    await this.db.deleteFrom('emailVerificationTokens').where('userId', '=', userId).execute();
  }

  /** 30 days on: the username is free for anyone; the row keeps a name no one can register. */
  async freeUsername(userId: string): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ username: sql<string>`'deleted.' || substr(replace(id::text, '-', ''), 1, 24)` })
      .where('id', '=', userId)
      .where('deletedAt', 'is not', null)
      .execute();
  }
}
