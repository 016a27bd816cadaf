import { Inject, Injectable } from '@nestjs/common';
import {
  RLWrapperTimeouts,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { CONFIG, type Config } from '../config/config.js';
import { REDIS, RedisOutage, type RedisClient } from '../redis/redis-client.js';

/**
 * Makes rate limiters that are shared by every node through Redis, or local to this process without
 * it. A Redis limiter is insured: while Redis is not ready, or an operation fails or takes longer
 * than REDIS_COMMAND_TIMEOUT_MS (a frozen Redis; its MULTI/EXEC have no timeout of their own), it
 * counts in this process's memory instead, so limits still hold per node and nothing waits on Redis.
 */
@Injectable()
export class RateLimiterFactory {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient | null,
    @Inject(CONFIG) private readonly config: Config,
    private readonly redisOutage: RedisOutage,
  ) {}

  /**
   * The client as the Redis limiters see it: not "ready" while Redis is known to be down (or
   * frozen: connected, answering nothing), so they go straight to memory instead of each waiting
   * out a timeout first.
   */
  private limiterClient(redis: RedisClient): RedisClient {
    const outage = this.redisOutage;
    return new Proxy(redis, {
      get(target, property) {
        if (property === 'isReady') return target.isReady && !outage.isDown;
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  create(name: string, points: number, durationSeconds: number): RateLimiterAbstract {
    const options = { keyPrefix: `${this.config.redisPrefix}:rl:${name}`, points, duration: durationSeconds };
    if (!this.redis) return new RateLimiterMemory(options);
    const insuranceLimiter = new RateLimiterMemory(options);
    const shared = new RateLimiterRedis({
      ...options,
      storeClient: this.limiterClient(this.redis),
      useRedisPackage: true,
      rejectIfRedisNotReady: true,
      insuranceLimiter,
    });
    return new RLWrapperTimeouts({
      limiter: shared,
      timeoutMs: this.config.redisCommandTimeoutMs,
      insuranceLimiter,
    });
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
