import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { RateLimiterFactory } from '../common/rate-limiter.js';
import { CONFIG, type Config } from '../config/config.js';
import { closeRedisClient, createRedisClient, REDIS, RedisOutage, type RedisClient } from './redis-client.js';

/** How long a node waits for Redis when it starts, before giving up (exit 1). */
const REDIS_STARTUP_TIMEOUT_MS = 30_000;

@Global()
@Module({
  providers: [
    {
      provide: RedisOutage,
      useFactory: () =>
        new RedisOutage(
          'Redis',
          'live events stay on this node, presence counts this node only, sign-in limits are per node, until it is back',
        ),
    },
    {
      provide: REDIS,
      inject: [CONFIG, RedisOutage],
      useFactory: async (config: Config, outage: RedisOutage): Promise<RedisClient | null> => {
        if (!config.redisUrl) return null;
        const client = createRedisClient(config);
        outage.watch(client);
        // Down after a timeout, with the connection still up: back once Redis answers again.
        outage.probeWith(async () => {
          await client.ping();
          if (!outage.allReady()) throw new Error('not every connection is ready');
        });
        const logger = new Logger('Redis');
        const host = new URL(config.redisUrl).host;
        // connect() retries for ever; a node that cannot reach Redis at start says so and exits.
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          client.connect(),
          new Promise((_, reject) => {
            timer = setTimeout(
              () =>
                reject(new Error(`Redis at ${host} did not answer within ${REDIS_STARTUP_TIMEOUT_MS} ms`)),
              REDIS_STARTUP_TIMEOUT_MS,
            );
          }),
        ]).finally(() => clearTimeout(timer));
        outage.up();
        logger.log(`connected to ${host}`);
        return client;
      },
    },
    // Limiters count in Redis when there is one, so they live with the client.
    RateLimiterFactory,
  ],
  exports: [REDIS, RedisOutage, RateLimiterFactory],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient | null,
    private readonly outage: RedisOutage,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.outage.stop();
    if (this.redis) await closeRedisClient(this.redis);
  }
}
