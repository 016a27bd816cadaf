import { Injectable } from '@nestjs/common';
import type { CommentRevisions } from '@parley/shared';
import { CommentReadingRepository } from '../comments/comment-reading.repository.js';
import { CommentRevisionsRepository } from '../comments/comment-revisions.repository.js';
import { AppError } from '../common/app-error.js';

/** Staff read a comment's edit history: its current text and every text an edit replaced. */
@Injectable()
export class CommentHistoryService {
  constructor(
    private readonly comments: CommentReadingRepository,
    private readonly revisions: CommentRevisionsRepository,
  ) {}

  async revisionsOf(commentId: string): Promise<CommentRevisions> {
    const comment = await this.comments.findById(commentId);
    if (!comment) throw new AppError('comment/not_found');
    const revisions = await this.revisions.listOf(commentId);
    return {
      commentId,
      current: { body: comment.body, editedAt: comment.editedAt?.toISOString() ?? null },
      revisions: revisions.map((revision) => ({
        id: revision.id,
        body: revision.body,
        editedAt: revision.editedAt.toISOString(),
        editedBy: revision.editorUsername,
      })),
    };
  }
}
