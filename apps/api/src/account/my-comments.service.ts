import { Inject, Injectable } from '@nestjs/common';
import type { CommentStatus } from '@parley/db';
import {
  REJECT_REASONS,
  type MyComment,
  type MyCommentPage,
  type MyCommentsQuery,
  type RejectReason,
} from '@parley/shared';
import { decodeCursor, NEWEST_FIRST_CURSOR, newestFirstKey, toPage } from '../common/cursor.js';
import { commentPermalink } from '../common/permalink.js';
import { CONFIG, type Config } from '../config/config.js';
import { MyCommentsRepository, type MyCommentRecord } from './my-comments.repository.js';

/** Each filter of "my comments" as statuses; deleted comments are never listed (their text is gone). */
const STATUSES: Record<MyCommentsQuery['status'], readonly CommentStatus[]> = {
  all: ['published', 'approved', 'pending', 'rejected'],
  visible: ['published', 'approved'],
  pending: ['pending'],
  rejected: ['rejected'],
};

function rejectionReason(record: MyCommentRecord): MyComment['rejectionReason'] {
  if (record.status !== 'rejected') return null;
  if (record.rejectAction === 'auto_reject') return 'automatic';
  return REJECT_REASONS.includes(record.rejectReason as RejectReason)
    ? (record.rejectReason as RejectReason)
    : null;
}

/** `GET /api/me/comments`: a reader's own comments across stories, with what became of each. */
@Injectable()
export class MyCommentsService {
  constructor(
    private readonly comments: MyCommentsRepository,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async page(authorId: string, query: MyCommentsQuery): Promise<MyCommentPage> {
    const after = decodeCursor(query.cursor, NEWEST_FIRST_CURSOR);
    const rows = await this.comments.page(authorId, STATUSES[query.status], query.limit, after);
    const page = toPage(rows, query.limit, newestFirstKey);
    return {
      items: page.items.map((record) => ({
        id: record.id,
        body: record.body,
        status: record.status as MyComment['status'],
        createdAt: record.createdAt.toISOString(),
        editedAt: record.editedAt?.toISOString() ?? null,
        story: { slug: record.slug, title: record.title },
        url: commentPermalink(record.id, { url: record.storyUrl }, undefined),
        rejectionReason: rejectionReason(record),
      })),
      nextCursor: page.nextCursor,
    };
  }
}
