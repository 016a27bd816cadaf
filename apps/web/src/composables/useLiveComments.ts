import { onScopeDispose, ref, watch, type Ref } from 'vue';
import { commentsApi } from '../api/comments.js';
import { errorMessage } from '../api/http.js';
import type { ParleySocket } from '../api/socket.js';
import { useThreadStore } from '../stores/thread.js';
import { useSocketRoom } from './useSocketRoom.js';

/**
 * - `connecting`: first connection not made yet
 * - `live`: joined and up to date
 * - `lost`: connection dropped; socket.io is retrying
 * - `syncing`: reconnected, catching up before showing live events again
 * - `restored`: back and caught up (shown briefly, then `live`)
 */
export type LiveState = 'connecting' | 'live' | 'lost' | 'syncing' | 'restored';

const RESTORED_NOTICE_MS = 5_000;
const JOIN_TIMEOUT_MS = 8_000;

/**
 * Keeps the thread store live for one article: joins its room on every (re)connect, catches up
 * with `/changes` before applying events again, and reports the connection state and readers.
 * Events that arrive during a catch-up wait in a queue and apply after it, in order.
 */
export function useLiveComments(slug: Ref<string | null>, options: { socket?: ParleySocket } = {}) {
  const thread = useThreadStore();
  const state = ref<LiveState>('connecting');
  const readers = ref<number | null>(null);
  const problem = ref<string | null>(null);

  let joined: string | null = null;
  let everConnected = false;
  let holding: (() => void)[] | null = null;
  let restoredTimer: ReturnType<typeof setTimeout> | undefined;

  /** Applies an event now, or after the catch-up in progress. */
  const live =
    <A extends unknown[]>(apply: (...args: A) => void) =>
    (...args: A) => {
      if (holding) holding.push(() => apply(...args));
      else apply(...args);
    };

  const room = useSocketRoom({
    socket: options.socket,
    handlers: {
      'comment:created': live((comment) => thread.applyCreated(comment)),
      'comment:updated': live((comment) => thread.applyUpdated(comment)),
      'comment:removed': live(({ id }) => thread.applyRemoved(id)),
      'reactions:updated': live((update) => thread.applyReactions(update)),
      'comment:decided': live((comment) => thread.applyDecided(comment)),
      'presence:updated': ({ readers: count }) => (readers.value = count),
    },
    join: sync,
    onJoinFailed: (caught) => {
      // Keep holding events: they apply once a catch-up succeeds.
      state.value = 'lost';
      problem.value = errorMessage(caught);
    },
    onDisconnect: (cause) => {
      joined = null;
      // Our own reconnect after sign-in/out is not a lost connection, and after the server ended
      // the session the room comes back at once, as whoever the cookie says now.
      if (cause === 'network' && everConnected) state.value = 'lost';
    },
    onConnectError: () => (state.value = 'lost'),
  });
  const { socket } = room;

  async function sync(current: () => boolean): Promise<void> {
    const target = slug.value;
    if (!target) return;
    // A deliberate reconnect (after sign-in or sign-out) stays quiet; a lost connection says it is back.
    const wasLost = state.value === 'lost' || state.value === 'syncing';
    everConnected = true;
    if (wasLost) state.value = 'syncing';
    holding ??= [];
    if (joined && joined !== target) socket.emit('story:leave', { slug: joined });
    joined = null;
    const ack = await socket.timeout(JOIN_TIMEOUT_MS).emitWithAck('story:join', { slug: target });
    if (!current()) return;
    joined = target;
    if (ack.ok) readers.value = ack.data.readers;
    const changes = await commentsApi.changes(target, thread.catchUpFrom());
    if (!current()) return;
    if (thread.slug === target) {
      // Away through more changes than one answer holds: reload the thread rather than merge.
      if (changes.truncated) await thread.loadStory(target, { sort: thread.sort });
      else thread.applyChanges(changes);
    }
    const queued = holding ?? [];
    holding = null;
    queued.forEach((apply) => apply());
    problem.value = null;
    state.value = wasLost ? 'restored' : 'live';
    if (wasLost) {
      clearTimeout(restoredTimer);
      restoredTimer = setTimeout(() => {
        if (state.value === 'restored') state.value = 'live';
      }, RESTORED_NOTICE_MS);
    }
  }

  // Between two loads of the same article (a new sort order) `slug` is briefly null: stay in the
  // room, and catch up again once the new page is in.
  watch(
    slug,
    (next) => {
      if (next) room.enter();
    },
    { immediate: true },
  );

  onScopeDispose(() => {
    clearTimeout(restoredTimer);
    if (joined && socket.connected) socket.emit('story:leave', { slug: joined });
  });

  return { state, readers, problem };
}
