import type { Comment, ThreadComment } from '@parley/shared';

/** How many levels the page indents (0 = top level); deeper replies continue on `/comments/:id`. */
export const MAX_VISIBLE_DEPTH = 3;

/** Catch-up asks for a little more than strictly needed: clocks and commits are not perfectly ordered. */
export const CATCH_UP_MARGIN_MS = 5_000;

/** A thread comment without its nested replies. */
export function stripReplies(item: ThreadComment): Comment {
  const { replies: _replies, repliesCursor: _cursor, ...comment } = item;
  return comment;
}

/** Walks a thread page's tree, parents before children. */
export function* walkThread(
  items: readonly ThreadComment[],
): Generator<{ comment: Comment; replyIds: string[]; repliesCursor: string | null }> {
  for (const item of items) {
    yield {
      comment: stripReplies(item),
      replyIds: item.replies.map((reply) => reply.id),
      repliesCursor: item.repliesCursor,
    };
    yield* walkThread(item.replies);
  }
}

export const time = (iso: string): number => Date.parse(iso);

/**
 * Merges a newer copy of a comment into the one we hold. A stale copy (older `updatedAt`) loses.
 * Broadcasts carry `viewerReacted: false`, so unless the copy was fetched for this viewer we keep ours.
 */
export function mergeComment(
  existing: Comment | undefined,
  incoming: Comment,
  options: { forViewer?: boolean } = {},
): Comment {
  if (!existing) return incoming;
  if (time(incoming.updatedAt) < time(existing.updatedAt)) return existing;
  return options.forViewer ? incoming : { ...incoming, viewerReacted: existing.viewerReacted };
}

/** What a comment looks like once its author deleted it but replies keep it as a placeholder. */
export function asDeletedPlaceholder(comment: Comment, now = new Date()): Comment {
  return {
    ...comment,
    status: 'deleted',
    author: null,
    body: '',
    featured: false,
    updatedAt: now.toISOString(),
  };
}

/** `since` for a catch-up: the last moment we know we were in sync, minus a margin. */
export function catchUpSince(syncedAt: string, marginMs = CATCH_UP_MARGIN_MS): string {
  return new Date(time(syncedAt) - marginMs).toISOString();
}

export function laterOf(a: string, b: string): string {
  return time(b) > time(a) ? b : a;
}

/** Appends ids that are not in the list yet (ids are unique across the thread). */
export function appendUnique(list: readonly string[], ids: readonly string[]): string[] {
  const seen = new Set(list);
  return [...list, ...ids.filter((id) => !seen.has(id) && (seen.add(id), true))];
}

export function prependUnique(list: readonly string[], ids: readonly string[]): string[] {
  const head = [...new Set(ids)];
  const seen = new Set(head);
  return [...head, ...list.filter((id) => !seen.has(id))];
}
