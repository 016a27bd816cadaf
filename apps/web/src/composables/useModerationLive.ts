import { ref } from 'vue';
import { errorMessage } from '../api/http.js';
import type { ParleySocket } from '../api/socket.js';
import { useModerationStore } from '../stores/moderation.js';
import { publishLogEntry, publishLogResync } from './useModerationLogFeed.js';
import { useSocketRoom } from './useSocketRoom.js';

/**
 * - `connecting`: not in the moderation room yet
 * - `live`: in the room; queues and counts update by themselves
 * - `lost`: connection dropped; socket.io is retrying
 * - `refused`: the server would not let this account in (not staff)
 */
export type ModerationLiveState = 'connecting' | 'live' | 'lost' | 'refused';

const JOIN_TIMEOUT_MS = 8_000;

/**
 * Keeps the moderation store live: joins the staff room on every (re)connect, then catches the
 * current queue up (what changed while away) and applies `queue:*` events as they come.
 */
export function useModerationLive(options: { socket?: ParleySocket } = {}) {
  const moderation = useModerationStore();
  const state = ref<ModerationLiveState>('connecting');
  const problem = ref<string | null>(null);

  const room = useSocketRoom({
    socket: options.socket,
    handlers: {
      'queue:added': (payload) => moderation.applyAdded(payload),
      'queue:removed': (payload) => moderation.applyRemoved(payload),
      'queue:counts': (counts) => moderation.applyCounts(counts),
      'log:added': publishLogEntry,
    },
    join,
    onJoinFailed: (caught) => {
      state.value = 'lost';
      problem.value = errorMessage(caught);
    },
    // Our own reconnect after sign-in or sign-out is not a lost connection.
    onDisconnect: (cause) => {
      if (cause !== 'ours') state.value = 'lost';
    },
    onConnectError: () => (state.value = 'lost'),
  });

  async function join(current: () => boolean): Promise<void> {
    const ack = await room.socket.timeout(JOIN_TIMEOUT_MS).emitWithAck('moderation:join', {});
    if (!current()) return;
    if (!ack.ok) {
      state.value = 'refused';
      problem.value = ack.error.message;
      return;
    }
    state.value = 'live';
    problem.value = null;
    moderation.applyCounts(ack.data);
    // Whatever happened before we were in the room (or while we were away).
    publishLogResync();
    await moderation.refresh();
  }

  room.enter();

  return { state, problem };
}
