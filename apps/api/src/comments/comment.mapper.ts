import type { Comment, ThreadComment } from '@parley/shared';
import type { CommentRecord } from './comment-records.js';
import { isoTime, type ThreadRecord } from './comment-reading.repository.js';

/** A row as readers see it: a deleted comment keeps its place but shows neither text nor author. */
export function toComment(row: ThreadRecord, viewerReacted = false): Comment {
  const deleted = row.status === 'deleted';
  return {
    id: row.id,
    storyId: row.storyId,
    parentId: row.parentId,
    rootId: row.rootId,
    depth: row.depth,
    author: deleted
      ? null
      : {
          id: row.authorId,
          username: row.authorUsername,
          displayName: row.authorDisplayName,
          role: row.authorRole,
        },
    body: deleted ? '' : row.body,
    status: row.status,
    featured: row.featured,
    editedAt: row.editedAt === null ? null : isoTime(row.editedAt),
    createdAt: isoTime(row.createdAt),
    updatedAt: isoTime(row.updatedAt),
    replyCount: row.replyCount,
    reactions: { like: row.reactionCount },
    viewerReacted,
  };
}

/**
 * A listed comment with room for its first replies. The two fields are added to the comment
 * rather than spread into a copy: a thread page builds hundreds of these, and the copy showed in
 * its CPU profile.
 */
export function toThreadComment(row: ThreadRecord, viewerReacted: boolean): ThreadComment {
  const comment = toComment(row, viewerReacted) as ThreadComment;
  comment.replies = [];
  comment.repliesCursor = null;
  return comment;
}

/**
 * A comment the viewer may not read (held or rejected, someone else's) where the thread needs its
 * place, as a permalink's ancestor: the deleted placeholder's shape, with its real status.
 */
export function toPlaceholder(row: CommentRecord): Comment {
  return {
    ...toComment(row),
    author: null,
    body: '',
    featured: false,
    editedAt: null,
    reactions: { like: 0 },
  };
}
