import type { SiteSettings as Settings, User } from '@parley/db';
import { MAX_REPLY_DEPTH, type ModerationHookAnswer } from '@parley/shared';
import { AppError } from '../common/app-error.js';
import type { ToxicityScore } from '../toxicity/toxicity-scorer.js';
import type { CommentRecord } from './comment-records.js';

/** The small rules of posting and editing that need no database: placement, refusals of edits, stored columns. */

/**
 * Where a new comment goes: under its parent, one level deeper; at MAX_REPLY_DEPTH, beside its
 * parent instead (under the same comment), so no chain grows without end.
 */
export function placement(
  parent: CommentRecord | undefined,
  id: string,
): { parentId: string | null; rootId: string; depth: number } {
  if (!parent) return { parentId: null, rootId: id, depth: 0 };
  if (parent.depth >= MAX_REPLY_DEPTH && parent.parentId) {
    return { parentId: parent.parentId, rootId: parent.rootId, depth: parent.depth };
  }
  return { parentId: parent.id, rootId: parent.rootId, depth: parent.depth + 1 };
}

export const actorOf = (user: User) => ({ id: user.id, username: user.username });

/** An edit refused outright: a deleted or rejected comment, or one past the edit window. */
export function refuseEdit(record: CommentRecord, now: Date, settings: Settings): void {
  if (record.status === 'deleted' || record.status === 'rejected') {
    throw new AppError('comment/not_editable', { status: record.status });
  }
  if (now.getTime() - record.createdAt.getTime() > settings.editWindowSeconds * 1000) {
    throw new AppError('comment/edit_window_closed', { editWindowSeconds: settings.editWindowSeconds });
  }
}

/** The hook's reason and labels as stored beside the comment's flags (null: it gave no answer). */
export function hookColumns(opinion: ModerationHookAnswer | null): {
  hookReason: string | null;
  hookLabels: string | null;
} {
  return {
    hookReason: opinion?.reason ? opinion.reason : null,
    hookLabels: opinion ? JSON.stringify(opinion.labels) : null,
  };
}

/** The score and labels as stored on the comment (null: not scored). */
export function toxicityColumns(toxicity: ToxicityScore | null): {
  toxicityScore: number | null;
  toxicityLabels: string | null;
} {
  return {
    toxicityScore: toxicity?.score ?? null,
    toxicityLabels: toxicity ? JSON.stringify(toxicity.labels) : null,
  };
}
