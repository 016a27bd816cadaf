import { Inject, Injectable } from '@nestjs/common';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { CONFIG, type Config } from '../config/config.js';
import { REDIS, type RedisClient } from '../redis/redis.module.js';

/** Makes rate limiters that are shared by every node through Redis, or local to this process without it. */
@Injectable()
export class RateLimiterFactory {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient | null,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  create(name: string, points: number, durationSeconds: number): RateLimiterAbstract {
    const options = { keyPrefix: `${this.config.redisPrefix}:rl:${name}`, points, duration: durationSeconds };
    return this.redis
      ? new RateLimiterRedis({ ...options, storeClient: this.redis, useRedisPackage: true })
      : new RateLimiterMemory(options);
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

/** What charging one attempt did: whether it is within the limit, and if not, when to come back. */
export interface Charge {
  allowed: boolean;
  /** Points on the key after this charge (this attempt included). */
  consumedPoints: number;
  /** 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * Counts one attempt before it is made (so parallel attempts cannot all slip through a check that
 * is charged afterwards); an attempt over the limit is counted too. Refund with `limiter.reward()`.
 */
export async function charge(limiter: RateLimiterAbstract, key: string): Promise<Charge> {
  try {
    const result = await limiter.consume(key);
    return { allowed: true, consumedPoints: result.consumedPoints, retryAfterSeconds: 0 };
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    return {
      allowed: false,
      consumedPoints: error.consumedPoints,
      retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)),
    };
  }
}
