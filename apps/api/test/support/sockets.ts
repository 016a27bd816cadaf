import type { Ack, ClientToServerEvents, ServerToClientEvents } from '@parley/shared';
import { io, type Socket } from 'socket.io-client';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

const opened = new Set<ClientSocket>();

export interface SocketOptions {
  cookie?: string;
  reconnection?: boolean;
  headers?: Record<string, string>;
  /** The handshake's `auth` (a bearer session token: `{ token }`). */
  auth?: { token?: string; locale?: string };
}

/** A socket.io client as the browser makes it (websocket only, the session cookie in the handshake), connected. */
export async function connectSocket(baseUrl: string, options: SocketOptions = {}): Promise<ClientSocket> {
  const socket = openSocket(baseUrl, options);
  await waitForConnect(socket);
  return socket;
}

/** The socket connectSocket makes, not yet connected (to see a refused handshake). */
export function openSocket(baseUrl: string, options: SocketOptions = {}): ClientSocket {
  const socket: ClientSocket = io(baseUrl, {
    ...(options.auth && { auth: options.auth }),
    transports: ['websocket'],
    forceNew: true,
    reconnection: options.reconnection ?? false,
    extraHeaders: { ...options.headers, ...(options.cookie ? { cookie: options.cookie } : {}) },
  });
  opened.add(socket);
  return socket;
}

export function waitForConnect(socket: ClientSocket, timeoutMs = 10_000): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`socket did not connect within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onConnect = () => finish();
    const onError = (error: Error) => finish(error);
    function finish(error?: Error) {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('connect_error', onError);
      if (error) reject(error);
      else resolve();
    }
    socket.on('connect', onConnect);
    socket.on('connect_error', onError);
  });
}

/** Closes every socket the tests opened (afterAll / afterEach). */
export function closeAllSockets(): void {
  for (const socket of opened) socket.disconnect();
  opened.clear();
}

/**
 * Resolves with the next `name` event matching `predicate`. Call it before the action that
 * causes the event, then await it; rejects after `timeoutMs`.
 */
export function nextEvent<E extends EventName>(
  socket: ClientSocket,
  name: E,
  predicate: (payload: Payload<E>) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<Payload<E>> {
  return new Promise((resolve, reject) => {
    const listener = (payload: Payload<E>) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(name, listener as never);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      socket.off(name, listener as never);
      reject(new Error(`no "${name}" event within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on(name, listener as never);
  });
}

/** Every `name` event the socket receives from now on, in order. */
export function recordEvents<E extends EventName>(socket: ClientSocket, name: E): Payload<E>[] {
  const received: Payload<E>[] = [];
  socket.on(name, ((payload: Payload<E>) => received.push(payload)) as never);
  return received;
}

/** Resolves when the server closes the socket, with the reason socket.io gives. */
export function nextDisconnect(socket: ClientSocket, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`socket was not disconnected within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

export function joinStory(socket: ClientSocket, payload: unknown): Promise<Ack<{ readers: number }>> {
  return socket.timeout(10_000).emitWithAck('story:join', payload as { slug: string });
}

export function leaveStory(socket: ClientSocket, slug: string): Promise<Ack> {
  return socket.timeout(10_000).emitWithAck('story:leave', { slug });
}

/** Joins and insists it worked. */
export async function joined(socket: ClientSocket, slug: string): Promise<number> {
  const ack = await joinStory(socket, { slug });
  if (!ack.ok) throw new Error(`story:join ${slug}: ${JSON.stringify(ack.error)}`);
  return ack.data.readers;
}
