import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { createClient, type RedisClientType } from 'redis';
import { CONFIG, type Config } from '../config/config.js';

/** The shared Redis client, or null in single-node mode (no REDIS_URL). */
export const REDIS = Symbol('Redis');
export type RedisClient = RedisClientType;

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [CONFIG],
      useFactory: async (config: Config): Promise<RedisClient | null> => {
        if (!config.redisUrl) return null;
        const client: RedisClient = createClient({ url: config.redisUrl });
        const logger = new Logger('Redis');
        client.on('error', (error: Error) => logger.error(error.message));
        await client.connect();
        logger.log(`connected to ${new URL(config.redisUrl).host}`);
        return client;
      },
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: RedisClient | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis?.isOpen) await this.redis.close();
  }
}
