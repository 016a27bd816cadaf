import type { ServerToClientEvents } from '@parley/shared';
import { onScopeDispose, ref } from 'vue';
import { errorMessage } from '../api/http.js';
import { getSocket, type ParleySocket } from '../api/socket.js';
import { useModerationStore } from '../stores/moderation.js';
import { useSessionStore } from '../stores/session.js';

/**
 * - `connecting`: not in the moderation room yet
 * - `live`: in the room; queues and counts update by themselves
 * - `lost`: connection dropped; socket.io is retrying
 * - `refused`: the server would not let this account in (not staff)
 */
export type ModerationLiveState = 'connecting' | 'live' | 'lost' | 'refused';

const JOIN_TIMEOUT_MS = 8_000;
const RETRY_JOIN_MS = 3_000;

/**
 * Keeps the moderation store live: joins the staff room on every (re)connect, then catches the
 * current queue up (what changed while away) and applies `queue:*` events as they come.
 */
export function useModerationLive(options: { socket?: ParleySocket } = {}) {
  const socket = options.socket ?? getSocket();
  const moderation = useModerationStore();
  const session = useSessionStore();
  const state = ref<ModerationLiveState>('connecting');
  const problem = ref<string | null>(null);

  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const handlers: { [E in keyof ServerToClientEvents]?: ServerToClientEvents[E] } = {
    'queue:added': (payload) => moderation.applyAdded(payload),
    'queue:removed': (payload) => moderation.applyRemoved(payload),
    'queue:counts': (counts) => moderation.applyCounts(counts),
    'session:ended': ({ reason }) => session.ended(reason),
  };

  async function join(): Promise<void> {
    if (!socket.connected) return;
    const current = ++attempt;
    clearTimeout(retryTimer);
    try {
      const ack = await socket.timeout(JOIN_TIMEOUT_MS).emitWithAck('moderation:join', {});
      if (current !== attempt) return;
      if (!ack.ok) {
        state.value = 'refused';
        problem.value = ack.error.message;
        return;
      }
      state.value = 'live';
      problem.value = null;
      moderation.applyCounts(ack.data);
      // Whatever happened before we were in the room (or while we were away).
      await moderation.refresh();
    } catch (caught) {
      if (current !== attempt) return;
      state.value = 'lost';
      problem.value = errorMessage(caught);
      retryTimer = setTimeout(() => void join(), RETRY_JOIN_MS);
    }
  }

  function onConnect(): void {
    void join();
  }

  function onDisconnect(reason: string): void {
    attempt += 1;
    // Our own reconnect after sign-in or sign-out is not a lost connection.
    if (reason === 'io client disconnect') return;
    state.value = 'lost';
    // The server closed the socket (sign-out, ban): socket.io does not retry that by itself.
    if (reason === 'io server disconnect') socket.connect();
  }

  function onConnectError(): void {
    state.value = 'lost';
  }

  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  socket.on('connect_error', onConnectError);
  for (const [event, handler] of Object.entries(handlers))
    socket.on(event as keyof ServerToClientEvents, handler as never);

  if (socket.connected) void join();
  else socket.connect();

  onScopeDispose(() => {
    attempt += 1;
    clearTimeout(retryTimer);
    socket.off('connect', onConnect);
    socket.off('disconnect', onDisconnect);
    socket.off('connect_error', onConnectError);
    for (const [event, handler] of Object.entries(handlers))
      socket.off(event as keyof ServerToClientEvents, handler as never);
  });

  return { state, problem };
}
