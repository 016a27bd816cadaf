// The client and its outage, apart from the module, so that providers the module lists (the rate
// limiters) import them without a cycle.
import { createClient, type RedisClientType } from 'redis';
import { Outage } from '../common/outage.js';
import type { Config } from '../config/config.js';

/** The shared Redis client, or null in single-node mode (no REDIS_URL). */
export const REDIS = Symbol('Redis');
export type RedisClient = RedisClientType;

/** Reconnection attempts back off from 50 ms to at most this (plus up to 200 ms of jitter). */
export const REDIS_RECONNECT_MAX_DELAY_MS = 1000;
/** Connecting (TCP and handshake) gives up after this, and is tried again. */
export const REDIS_CONNECT_TIMEOUT_MS = 2000;
/** Commands waiting for an answer at once, per connection; past it a command fails at once. */
export const REDIS_MAX_QUEUED_COMMANDS = 10_000;

/**
 * Redis reachable or not, over every connection (the shared client and the adapter's pub and
 * sub). Logged once each way; "back" only when every connection is ready again, and then the
 * listeners (presence) resynchronise what Redis may have lost.
 */
export class RedisOutage extends Outage {
  private readonly clients = new Set<RedisClient>();

  /** Listens to a client's connection events; the listener also keeps an 'error' from ending the process. */
  watch(client: RedisClient): void {
    this.clients.add(client);
    client.on('error', (error: Error) => this.down(error));
    client.on('end', () => this.clients.delete(client));
    client.on('ready', () => {
      if (this.allReady()) this.up();
    });
  }

  allReady(): boolean {
    return [...this.clients].every((each) => each.isReady);
  }
}

/**
 * A client that fails fast while Redis is away instead of piling up work: no offline queue
 * (commands made while disconnected are rejected at once), every command times out, the queue of
 * commands awaiting an answer is bounded, and reconnection is retried every second at most, for
 * ever. Callers must treat every command as fallible.
 */
export function createRedisClient(config: Pick<Config, 'redisUrl' | 'redisCommandTimeoutMs'>): RedisClient {
  return createClient({
    url: config.redisUrl,
    disableOfflineQueue: true,
    commandsQueueMaxLength: REDIS_MAX_QUEUED_COMMANDS,
    commandOptions: { timeout: config.redisCommandTimeoutMs },
    socket: {
      connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries: number) =>
        Math.min(50 * 2 ** retries, REDIS_RECONNECT_MAX_DELAY_MS) + Math.floor(Math.random() * 200),
    },
  });
}

/**
 * A Redis answer within `ms`, else a rejection. node-redis's command timeout only covers a command
 * not yet written: against a frozen Redis (connection up, no replies) a caller on the request path
 * would wait for ever. The late reply, if any, is dropped.
 */
export function answerWithin<T>(command: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  // A reply after the deadline must not become an unhandled rejection.
  command.catch(() => undefined);
  return Promise.race([command, late]).finally(() => clearTimeout(timer));
}

/**
 * Starts connecting (retried in the background for ever) and answers whether the client is ready
 * within `ms`. Never rejects: a client closed meanwhile (shutdown) just is not connected.
 */
export async function connectedWithin(client: RedisClient, ms: number): Promise<boolean> {
  const connecting = client.connect().then(
    () => true,
    () => false,
  );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  return Promise.race([connecting, late]).finally(() => clearTimeout(timer));
}

/** Closes a client whether it is connected (gracefully) or still trying to reconnect (at once). */
export async function closeRedisClient(client: RedisClient): Promise<void> {
  if (client.isReady) await client.close();
  else if (client.isOpen) client.destroy();
}
