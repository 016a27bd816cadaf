import type { ClientToServerEvents, Queue, ServerToClientEvents } from '@parley/shared';
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

/**
 * Work for moderators' screens that only a node with moderators connected does, for its own
 * moderators: a queue card to build (a comment moved between queues), a log entry to read.
 */
export type ModeratorTask =
  { kind: 'queue'; commentId: string; before: Queue[] } | { kind: 'log'; id: string };

/** What nodes tell each other (with the Redis adapter, through it). */
export interface ServerSideEvents {
  'moderators:task': (task: ModeratorTask) => void;
}

export type ParleyServer = Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
export type ParleySocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;

/** Room names, in one place. */
export const rooms = {
  story: (storyId: string) => `story:${storyId}`,
  user: (userId: string) => `user:${userId}`,
  session: (sessionHash: string) => `session:${sessionHash}`,
  moderation: 'moderation',
} as const;

/** Why the server ended a session: the reason `session:ended` carries. */
export type SessionEndReason = Parameters<ServerToClientEvents['session:ended']>[0]['reason'];
