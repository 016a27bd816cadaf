import { createAdapter } from '@socket.io/redis-adapter';
import {
  closeRedisClient,
  connectedWithin,
  REDIS_CONNECT_TIMEOUT_MS,
  type RedisClient,
  type RedisOutage,
} from '../redis/redis-client.js';

export interface ClusterAdapter {
  adapter: ReturnType<typeof createAdapter>;
  /** Closes its own connections at shutdown; a publish after that is no outage. */
  close(): Promise<void>;
}

/**
 * The socket.io Redis adapter on its own pub and sub connections (a subscribed connection can run
 * nothing else), both watched for outages. The adapter publishes without awaiting (every
 * broadcast, every disconnectSockets): with Redis away those publishes fail fast, and each failure
 * would be an unhandled rejection, so the pub client handed to it swallows them. Local delivery
 * goes on meanwhile; other nodes miss what was published during the outage, and their readers
 * catch up through `/comments/changes` when their node says `live:resumed`. Redis may be away
 * when the node starts: the adapter then subscribes once the sub connection is first ready.
 */
export async function connectClusterAdapter(
  redis: RedisClient,
  outage: RedisOutage,
  key: string,
): Promise<ClusterAdapter> {
  const pub = redis.duplicate();
  const sub = redis.duplicate();
  let closing = false;
  outage.watch(pub);
  outage.watch(sub);
  const connecting = [pub, sub].map((client) => connectedWithin(client, REDIS_CONNECT_TIMEOUT_MS));
  // Known away (the node starts degraded): they connect in the background, like the shared client.
  if (!outage.isDown) await Promise.all(connecting);
  const publishing = new Proxy(pub, {
    get(target, property) {
      if (property === 'publish') {
        return (...args: Parameters<RedisClient['publish']>) =>
          target.publish(...args).catch((error: unknown) => {
            // Shutdown closes these connections while the last events may still go out.
            if (!closing) outage.down(error);
            return 0;
          });
      }
      const value: unknown = Reflect.get(target, property);
      // node-redis keeps its state in private fields: its methods must run on the real client.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    adapter: createAdapter(publishing, subscribingWhenReady(sub), { key }),
    close: async () => {
      closing = true;
      await Promise.allSettled([pub, sub].map(closeRedisClient));
    },
  };
}

/**
 * The sub connection as the adapter sees it. The adapter subscribes once, when it is made, without
 * awaiting; node-redis renews subscriptions it holds after a reconnect, but one made while the
 * connection was never up fails and is forgotten. So a subscription waits for the connection to be
 * ready, and is made again on the next 'ready' if it fails.
 */
function subscribingWhenReady(sub: RedisClient): RedisClient {
  const deferred = new Set<PropertyKey>(['subscribe', 'pSubscribe', 'sSubscribe']);
  return new Proxy(sub, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      if (!deferred.has(property)) return method;
      return (...args: unknown[]) => {
        const attempt = (): void => {
          if (!target.isReady) {
            target.once('ready', attempt);
            return;
          }
          (method(...args) as Promise<unknown>).catch(() => target.once('ready', attempt));
        };
        attempt();
        return Promise.resolve();
      };
    },
  });
}
