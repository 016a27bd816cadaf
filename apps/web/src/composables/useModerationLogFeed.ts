import type { ModerationLogEntry } from '@parley/shared';
import { onScopeDispose } from 'vue';

type LogListener = { entry: (entry: ModerationLogEntry) => void; resync: () => void };

/**
 * Hands the moderation room's `log:added` events (heard by `useModerationLive`, which owns the
 * room) to an open log, and tells it when to read its first page again (after a (re)join: what
 * was logged while away never arrived).
 */
const listeners = new Set<LogListener>();

export function publishLogEntry(entry: ModerationLogEntry): void {
  for (const listener of listeners) listener.entry(entry);
}

export function publishLogResync(): void {
  for (const listener of listeners) listener.resync();
}

/** Listens while the calling scope lives. */
export function useModerationLogFeed(listener: LogListener): void {
  listeners.add(listener);
  onScopeDispose(() => listeners.delete(listener));
}
