import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { RateLimiterFactory } from '../common/rate-limiter.js';
import { CONFIG, type Config } from '../config/config.js';
import {
  closeRedisClient,
  connectedWithin,
  createRedisClient,
  REDIS,
  REDIS_CONNECT_TIMEOUT_MS,
  RedisOutage,
  type RedisClient,
} from './redis-client.js';

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
        // connect() retries for ever, in the background. A node that cannot reach Redis at start
        // starts degraded, as a running node does when Redis goes away, and heals when it answers.
        if (await connectedWithin(client, REDIS_CONNECT_TIMEOUT_MS)) {
          outage.up();
          logger.log(`connected to ${host}`);
        } else {
          outage.down(new Error(`not reachable at ${host} at start`));
        }
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
