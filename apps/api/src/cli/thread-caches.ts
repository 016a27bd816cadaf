import { randomBytes } from 'node:crypto';
import type { Config } from '../config/config.js';
import { closeRedisClient, connectedWithin, createRedisClient } from '../redis/redis-client.js';
import { oneLine } from './cli-error.js';

/** Same as the server's thread cache (comments/thread-cache.ts): a version key lives a day after its last write. */
const THREAD_VERSION_TTL_SECONDS = 24 * 3600;

/**
 * Running servers cache first pages (which signed-in readers get with their likes set) under a
 * per-story version: with Redis (the versions every node reads) a command bumps the stories it
 * changed, as a write on a node does. Without Redis each server keeps its versions in memory, out
 * of reach; its pages expire within PARLEY_THREAD_CACHE_TTL_MS (5 s by default).
 */
export async function refreshThreadCaches(
  config: Config,
  storyIds: readonly string[],
  /** What readers are waiting to see, for the lines that say when they will. */
  what: string,
): Promise<string> {
  const within = `within PARLEY_THREAD_CACHE_TTL_MS (${config.threadCacheTtlMs} ms)`;
  if (!config.redisUrl) return `thread caches: no Redis configured; running servers show ${what} ${within}`;
  const client = createRedisClient(config);
  client.on('error', () => undefined);
  try {
    if (!(await connectedWithin(client, 2000))) {
      return `thread caches: Redis did not answer; running servers show ${what} ${within}`;
    }
    for (let i = 0; i < storyIds.length; i += 500) {
      const multi = client.multi();
      for (const id of storyIds.slice(i, i + 500)) {
        multi.set(`${config.redisPrefix}:thread:${id}`, randomBytes(9).toString('base64url'), {
          expiration: { type: 'EX', value: THREAD_VERSION_TTL_SECONDS },
        });
      }
      await multi.exec();
    }
    return `thread caches: ${storyIds.length} stories refreshed`;
  } catch (error) {
    return `thread caches: Redis failed (${oneLine(error)}); running servers show ${what} ${within}`;
  } finally {
    await closeRedisClient(client);
  }
}
