import type { QueueItem, QueuePage } from '@parley/shared';
import { idOf, newerFirst } from './queue-order.js';

/** How the moderation store pages a queue and merges a catch-up into it (pure, read without Pinia). */

/** The cards on screen. `incoming` waits behind "N new", newest first. */
export interface QueueView {
  items: QueueItem[];
  incoming: QueueItem[];
}

/** The next page below the cards on screen, without a card already shown or waiting. */
export function appendPage(view: QueueView, next: QueueItem[]): QueueItem[] {
  // A card revealed from the "new" buffer may also be on a later page.
  const known = new Set([...view.items, ...view.incoming].map(idOf));
  return [...view.items, ...next.filter((item) => !known.has(idOf(item)))];
}

/**
 * Merges a fresh first page (newest-first order) without moving anything: cards gone from the queue
 * leave, changed ones update in place, missed ones older than the last card shown fit below it and
 * the newer ones wait in `incoming`.
 */
export function mergeFirstPage(view: QueueView, page: QueuePage): QueueView {
  const fresh = new Map(page.items.map((item) => [idOf(item), item]));
  const oldest = page.items.at(-1);
  // Beyond the first page the answer says nothing about a card: keep it.
  const covered = (item: QueueItem) =>
    page.nextCursor === null || (oldest !== undefined && newerFirst(item, oldest) <= 0);
  const keep = (list: QueueItem[]) =>
    list
      .filter((item) => fresh.has(idOf(item)) || !covered(item))
      .map((item) => fresh.get(idOf(item)) ?? item);
  const items = keep(view.items);
  const known = new Set(items.map(idOf));
  const waiting = keep(view.incoming).filter((item) => !known.has(idOf(item)));
  const waitingIds = new Set(waiting.map(idOf));
  const missed = page.items.filter((item) => !known.has(idOf(item)) && !waitingIds.has(idOf(item)));
  const lastShown = items.at(-1);
  const below = lastShown ? missed.filter((item) => newerFirst(item, lastShown) > 0) : [];
  const above = missed.filter((item) => !below.includes(item));
  return { items: [...items, ...below], incoming: [...above, ...waiting].sort(newerFirst) };
}
