import type { ClientToServerEvents, ServerToClientEvents } from '@parley/shared';
import type { Server, Socket } from 'socket.io';

export interface SocketUser {
  id: string;
  role: 'reader' | 'moderator' | 'admin';
}

export interface SocketData {
  user: SocketUser | null;
  /** Hash of the session cookie, so signing out or a ban can close exactly these sockets. */
  sessionHash: string | null;
}

export type ParleyServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
export type ParleySocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/** Room names, in one place. */
export const rooms = {
  story: (storyId: string) => `story:${storyId}`,
  user: (userId: string) => `user:${userId}`,
  session: (sessionHash: string) => `session:${sessionHash}`,
  moderation: 'moderation',
} as const;

/** Why the server ended a session: the reason `session:ended` carries. */
export type SessionEndReason = Parameters<ServerToClientEvents['session:ended']>[0]['reason'];
