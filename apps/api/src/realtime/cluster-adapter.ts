import { createAdapter } from '@socket.io/redis-adapter';
import { closeRedisClient, type RedisClient, type RedisOutage } from '../redis/redis-client.js';

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
 * goes on meanwhile; other nodes miss what was published during the outage and their readers
 * catch up through `/comments/changes` when they next reconnect.
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
  await Promise.all([pub.connect(), sub.connect()]);
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
    adapter: createAdapter(publishing, sub, { key }),
    close: async () => {
      closing = true;
      await Promise.allSettled([pub, sub].map(closeRedisClient));
    },
  };
}
