import { Inject, Injectable } from '@nestjs/common';
import { KYSELY } from '../database/database.module.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';

/** A revision to keep: the text an edit replaced, when and by whom. */
export interface NewRevision {
  commentId: string;
  body: string;
  editedAt: Date;
  editedBy: string | null;
}

/**
 * Edit history (`comment_revisions`): written by the recorder in the edit's transaction, read by
 * staff only. Nothing a reader can reach reads this table.
 */
@Injectable()
export class CommentRevisionsRepository implements ExecutorBound<CommentRevisionsRepository> {
  constructor(@Inject(KYSELY) private readonly db: Executor) {}

  withExecutor(executor: Executor): CommentRevisionsRepository {
    return new CommentRevisionsRepository(executor);
  }

  async keep(revision: NewRevision): Promise<void> {
    await this.db.insertInto('commentRevisions').values(revision).execute();
  }

  /** The comment's text goes (deleted by its author or with the account): so does every earlier text. */
  async erase(commentId: string): Promise<void> {
    await this.db.deleteFrom('commentRevisions').where('commentId', '=', commentId).execute();
  }

  /** A comment's revisions, oldest first, with the editor's username. */
  listOf(commentId: string) {
    return this.db
      .selectFrom('commentRevisions')
      .leftJoin('users', 'users.id', 'commentRevisions.editedBy')
      .select([
        'commentRevisions.id',
        'commentRevisions.body',
        'commentRevisions.editedAt',
        'commentRevisions.editedBy',
        'users.username as editorUsername',
      ])
      .where('commentRevisions.commentId', '=', commentId)
      .orderBy('commentRevisions.editedAt')
      .orderBy('commentRevisions.id')
      .execute();
  }

  /** How many times each of these comments was edited (absent: never). */
  async countsOf(commentIds: string[]): Promise<Map<string, number>> {
    if (commentIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('commentRevisions')
      .select(['commentId', (eb) => eb.fn.countAll<number>().as('count')])
      .where('commentId', 'in', commentIds)
      .groupBy('commentId')
      .execute();
    return new Map(rows.map((row) => [row.commentId, Number(row.count)]));
  }

  /** Every revision of an author's comments, oldest first (the "my data" export). */
  ofAuthor(authorId: string) {
    return this.db
      .selectFrom('commentRevisions')
      .innerJoin('comments', 'comments.id', 'commentRevisions.commentId')
      .select(['commentRevisions.commentId', 'commentRevisions.body', 'commentRevisions.editedAt'])
      .where('comments.authorId', '=', authorId)
      .orderBy('commentRevisions.editedAt')
      .orderBy('commentRevisions.id')
      .execute();
  }
}
