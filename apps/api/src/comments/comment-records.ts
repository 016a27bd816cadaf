import { sql, type CommentsTable, type Selectable } from '@parley/db';
import type { Executor } from '../database/transaction-runner.js';

/** A comment row with what readers see of its author. */
export type CommentRecord = Selectable<CommentsTable> & {
  authorUsername: string;
  authorDisplayName: string;
  authorRole: 'reader' | 'moderator' | 'admin';
};

/**
 * The comment-row reads that the reading, posting and feedback repositories each offer (each
 * through its own executor, so inside a transaction too): written once here, for them only.
 */
export function selectCommentRecords(db: Executor) {
  return db
    .selectFrom('comments')
    .innerJoin('users as author', 'author.id', 'comments.authorId')
    .selectAll('comments')
    .select([
      'author.username as authorUsername',
      'author.displayName as authorDisplayName',
      'author.role as authorRole',
    ]);
}

export function findCommentRecord(db: Executor, id: string): Promise<CommentRecord | undefined> {
  return selectCommentRecords(db).where('comments.id', '=', id).executeTakeFirst();
}

/**
 * In a transaction: locks a comment's row until it ends, then reads it. The read is a second
 * statement, so after waiting for the lock it sees what the other transaction committed.
 */
export async function lockCommentRecord(db: Executor, id: string): Promise<CommentRecord | undefined> {
  const locked = await db
    .selectFrom('comments')
    .select('id')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return locked ? findCommentRecord(db, id) : undefined;
}

/** The database's clock (inside a transaction: its start), the one clock every node shares. */
export async function databaseNow(db: Executor): Promise<Date> {
  const result = await sql<{ now: Date }>`select now() as now`.execute(db);
  return result.rows[0]!.now;
}
