import type { ServerToClientEvents } from '@parley/shared';
import { onScopeDispose } from 'vue';
import { getSocket, type ParleySocket } from '../api/socket.js';
import { useSessionStore } from '../stores/session.js';

export type RoomHandlers = { [E in keyof ServerToClientEvents]?: ServerToClientEvents[E] };

/**
 * Why the connection went down:
 * - `ours`: our own reconnect after sign-in or sign-out (not a loss)
 * - `server`: the server closed the socket (sign-out, ban); the room reconnects by itself
 * - `network`: anything else; socket.io retries
 */
export type DisconnectCause = 'ours' | 'server' | 'network';

export interface SocketRoomOptions {
  /**
   * Joins the room and catches up; runs on every (re)connect. `current()` turns false once a
   * disconnect or a newer join supersedes this one: stop then without touching any state.
   * Throw to have the room retry after a pause (`onJoinFailed` is told first).
   */
  join: (current: () => boolean) => Promise<void>;
  /**
   * The room's events, listened to while the scope lives. `session:ended` and `account:changed`
   * are handled here, and `live:resumed` runs `join` again.
   */
  handlers: RoomHandlers;
  onJoinFailed?: (error: unknown) => void;
  onDisconnect?: (cause: DisconnectCause) => void;
  onConnectError?: () => void;
  socket?: ParleySocket;
  retryMs?: number;
}

const RETRY_JOIN_MS = 3_000;

/**
 * The connection part of a live view, shared by the thread and the moderation queues: joins the
 * room on every (re)connect, drops a join that a newer one or a disconnect overtook, retries a
 * failed join, reconnects after the server closed the socket, and ends the session when told to.
 */
export function useSocketRoom(options: SocketRoomOptions) {
  const socket = options.socket ?? getSocket();
  const session = useSessionStore();
  const handlers: RoomHandlers = {
    ...options.handlers,
    'session:ended': ({ reason }) => session.ended(reason),
    // Suspended, reinstated or a new role: the staff screens follow the server's answer.
    'account:changed': () => void session.refresh(),
    // Redis was away: events other nodes published meanwhile never came. Catch up as after a reconnect.
    'live:resumed': () => void join(),
  };

  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  /** Joins now if connected (again, if already in the room); otherwise waits for `connect`. */
  async function join(): Promise<void> {
    if (!socket.connected) return;
    const run = ++attempt;
    clearTimeout(retryTimer);
    const current = () => run === attempt;
    try {
      await options.join(current);
    } catch (caught) {
      if (!current()) return;
      options.onJoinFailed?.(caught);
      retryTimer = setTimeout(() => void join(), options.retryMs ?? RETRY_JOIN_MS);
    }
  }

  /** Joins at once when connected, or connects (the `connect` listener then joins). */
  function enter(): void {
    if (socket.connected) void join();
    else socket.connect();
  }

  function onConnect(): void {
    void join();
  }

  function onDisconnect(reason: string): void {
    attempt += 1;
    const cause: DisconnectCause =
      reason === 'io client disconnect' ? 'ours' : reason === 'io server disconnect' ? 'server' : 'network';
    options.onDisconnect?.(cause);
    // socket.io does not retry a socket the server closed.
    if (cause === 'server') socket.connect();
  }

  function onConnectError(): void {
    options.onConnectError?.();
  }

  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  socket.on('connect_error', onConnectError);
  for (const [event, handler] of Object.entries(handlers)) {
    socket.on(event as keyof ServerToClientEvents, handler as never);
  }

  onScopeDispose(() => {
    attempt += 1;
    clearTimeout(retryTimer);
    socket.off('connect', onConnect);
    socket.off('disconnect', onDisconnect);
    socket.off('connect_error', onConnectError);
    for (const [event, handler] of Object.entries(handlers)) {
      socket.off(event as keyof ServerToClientEvents, handler as never);
    }
  });

  return { socket, join, enter };
}
