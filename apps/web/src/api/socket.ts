import type { ClientToServerEvents, ServerToClientEvents } from '@parley/shared';
import { io, type Socket } from 'socket.io-client';

export type ParleySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: ParleySocket | null = null;

/** The one socket of this tab (same origin, default path, session cookie). Created on first use, not connected. */
export function getSocket(): ParleySocket {
  // Websocket first, so any node can take any client without sticky sessions; long-polling only
  // where a network blocks websockets (see README "Sticky sessions").
  socket ??= io({
    withCredentials: true,
    autoConnect: false,
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
  });
  return socket;
}

/** The socket's id while connected: sent as X-Socket-Id so the server does not echo our own posts back. */
export function currentSocketId(): string | undefined {
  return socket?.connected ? socket.id : undefined;
}

/**
 * Reconnects so the server sees the new session cookie (after sign-in or sign-out).
 * Listeners stay attached; the `connect` handler rejoins rooms and catches up.
 */
export function reconnectSocket(): void {
  socket?.disconnect().connect();
}
