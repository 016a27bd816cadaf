import { Inject, Injectable } from '@nestjs/common';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { CONFIG, type Config } from '../config/config.js';
import { REDIS, type RedisClient } from '../redis/redis.module.js';

/**
 * Makes rate limiters that are shared by every node through Redis, or local to this process without
 * it. A Redis limiter is insured: while Redis is not ready (or a command fails or times out) it
 * counts in this process's memory instead, so limits still hold per node and nothing waits on Redis.
 */
@Injectable()
export class RateLimiterFactory {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient | null,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  create(name: string, points: number, durationSeconds: number): RateLimiterAbstract {
    const options = { keyPrefix: `${this.config.redisPrefix}:rl:${name}`, points, duration: durationSeconds };
    if (!this.redis) return new RateLimiterMemory(options);
    return new RateLimiterRedis({
      ...options,
      storeClient: this.redis,
      useRedisPackage: true,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(options),
    });
  }
}

/** Seconds until a limiter lets the key through again; 0 when it is not blocked. */
export async function blockedForSeconds(limiter: RateLimiterAbstract, key: string): Promise<number> {
  const state = await limiter.get(key);
  if (!state || state.remainingPoints > 0) return 0;
  return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
}

/** Counts one against the key; never throws for "over the limit" (the caller checks before acting). */
export async function consume(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
  }
}
