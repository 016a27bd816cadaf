import type { CommentRevisions } from '@parley/shared';
import { diffWordsWithSpace } from 'diff';

/** A run of words a diff kept, added or removed. */
export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** One edit: the text before it, the text it left, and the word diff between them. */
export interface EditStep {
  /** 1 for the first edit. */
  number: number;
  editedAt: string;
  editedBy: string | null;
  parts: DiffPart[];
}

/** The word diff from `before` to `after` (jsdiff, whitespace kept so the text reads as written). */
export function wordDiff(before: string, after: string): DiffPart[] {
  return diffWordsWithSpace(before, after).map((change) => ({
    kind: change.added ? 'added' : change.removed ? 'removed' : 'same',
    text: change.value,
  }));
}

/**
 * Every edit of a comment, newest first: revision i was replaced by revision i + 1, the last one by
 * the current text. Each revision's `editedAt` is when the edit that replaced it was made.
 */
export function editSteps(history: CommentRevisions): EditStep[] {
  const texts = [...history.revisions.map((revision) => revision.body), history.current.body];
  return history.revisions
    .map((revision, index) => ({
      number: index + 1,
      editedAt: revision.editedAt,
      editedBy: revision.editedBy,
      parts: wordDiff(revision.body, texts[index + 1]!),
    }))
    .reverse();
}
