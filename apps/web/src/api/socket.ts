import type { ClientToServerEvents, ServerToClientEvents } from '@parley/shared';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { currentConnection } from './connection.js';

export type ParleySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: ParleySocket | null = null;

/**
 * The one socket of this tab (default path; the session cookie on the page's own origin, or the
 * bearer token in the handshake's `auth` to the configured API origin). Created on first use, not connected.
 */
export function getSocket(): ParleySocket {
  const { baseUrl } = currentConnection();
  const options: Partial<ManagerOptions & SocketOptions> = {
    withCredentials: !baseUrl,
    // A function, so every (re)connect sends the token (after sign-in or sign-out) and language of the moment.
    auth: (send) => {
      const token = currentConnection().token();
      const locale = currentConnection().locale();
      send({ ...(token ? { token } : {}), ...(locale ? { locale } : {}) });
    },
    autoConnect: false,
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
  };
  // Websocket first, so any node can take any client without sticky sessions; long-polling only
  // where a network blocks websockets (see README "Sticky sessions").
  socket ??= baseUrl ? io(baseUrl, options) : io(options);
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
