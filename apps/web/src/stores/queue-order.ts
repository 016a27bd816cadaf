import type { QueueItem } from '@parley/shared';

export const idOf = (item: QueueItem) => item.comment.id;

/** Queue order: newest comment first, ties by id (as the server pages them). */
export function newerFirst(a: QueueItem, b: QueueItem): number {
  const byTime = Date.parse(b.comment.createdAt) - Date.parse(a.comment.createdAt);
  if (byTime !== 0) return byTime;
  return idOf(a) < idOf(b) ? 1 : idOf(a) > idOf(b) ? -1 : 0;
}

/** The list without the card `id` (the same list when it is not there). */
export function withoutId(list: QueueItem[], id: string): QueueItem[] {
  return list.some((item) => idOf(item) === id) ? list.filter((item) => idOf(item) !== id) : list;
}
