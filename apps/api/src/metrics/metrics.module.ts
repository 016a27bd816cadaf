import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { Database } from '@parley/db';
import { DATABASE, DatabaseOutage } from '../database/database.module.js';
import { REDIS, RedisOutage, type RedisClient } from '../redis/redis.module.js';
import { MetricsServer } from './metrics-server.js';
import { Metrics } from './metrics.js';

/**
 * Prometheus metrics (plumbing, global): features inject `Metrics` to count what they do or to
 * register scrape-time gauges; `MetricsServer` serves them on PARLEY_METRICS_PORT. This module
 * itself reports the database and Redis: up or down, and the pool's connections.
 */
@Global()
@Module({ providers: [Metrics, MetricsServer], exports: [Metrics] })
export class MetricsModule implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    @Inject(DATABASE) private readonly database: Database,
    private readonly databaseOutage: DatabaseOutage,
    @Inject(REDIS) private readonly redis: RedisClient | null,
    private readonly redisOutage: RedisOutage,
  ) {}

  onModuleInit(): void {
    const { metrics, database, redis } = this;
    metrics.onScrape(() => {
      metrics.dependencyUp.set({ dependency: 'postgres' }, this.databaseOutage.isDown ? 0 : 1);
      if (redis) {
        const up = redis.isReady && !this.redisOutage.isDown && this.redisOutage.allReady();
        metrics.dependencyUp.set({ dependency: 'redis' }, up ? 1 : 0);
      }
      const pool = database.poolStats?.();
      if (!pool) return;
      metrics.databasePoolConnections.set({ state: 'open' }, pool.open);
      metrics.databasePoolConnections.set({ state: 'idle' }, pool.idle);
      metrics.databasePoolConnections.set({ state: 'waiting' }, pool.waiting);
      metrics.databasePoolMax.set(pool.max);
    });
  }
}
