import { Controller, Inject, Res, type BeforeApplicationShutdown } from '@nestjs/common';
import { pingDatabase, type Database } from '@parley/db';
import type { Response } from 'express';
import { DATABASE, DatabaseOutage } from '../database/database.module.js';
import { Route } from '../common/route.js';
import { REDIS, RedisOutage, type RedisClient } from '../redis/redis-client.js';
import { ToxicityService } from '../toxicity/toxicity.service.js';

/** The database must answer /api/health within this; Redis within half of it. */
const HEALTH_TIMEOUT_MS = 2000;

function within<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

@Controller()
export class HealthController implements BeforeApplicationShutdown {
  /** Set on SIGTERM: a load balancer polling health stops sending new work while in-flight work finishes. */
  private draining = false;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly databaseOutage: DatabaseOutage,
    @Inject(REDIS) private readonly redis: RedisClient | null,
    private readonly redisOutage: RedisOutage,
    private readonly toxicity: ToxicityService,
  ) {}

  beforeApplicationShutdown(): void {
    this.draining = true;
  }

  /**
   * `{ status, db, redis?, toxicityModel? }`. 503 when the database does not answer within two seconds
   * (`unavailable`) or the node is shutting down (`draining`). Redis away is 200 `degraded`: every
   * node shares one Redis, so a 503 for it would make a load balancer drop all of them at once,
   * while each can still serve reads and posts on its own.
   */
  @Route('getHealth')
  async health(@Res({ passthrough: true }) response: Response) {
    const [db, redis] = await Promise.all([this.databaseState(), this.redisState()]);
    const model = this.toxicity.model;
    const body = {
      db: this.database.engine,
      ...(redis && { redis }),
      ...(model && { toxicityModel: model }),
    };
    if (this.draining) {
      response.status(503);
      return { status: 'draining', ...body };
    }
    if (db === 'down') {
      response.status(503);
      return { status: 'unavailable', ...body };
    }
    return { status: redis === 'down' ? 'degraded' : 'ok', ...body };
  }

  private async databaseState(): Promise<'up' | 'down'> {
    try {
      await within(pingDatabase(this.database.db), HEALTH_TIMEOUT_MS);
      this.databaseOutage.up();
      return 'up';
    } catch (error) {
      this.databaseOutage.down(error);
      return 'down';
    }
  }

  private async redisState(): Promise<'up' | 'down' | undefined> {
    if (!this.redis) return undefined;
    if (!this.redis.isReady) return 'down';
    try {
      await within(this.redis.ping(), HEALTH_TIMEOUT_MS / 2);
      if (!this.redisOutage.allReady()) return 'down';
      this.redisOutage.up();
      return 'up';
    } catch (error) {
      this.redisOutage.down(error);
      return 'down';
    }
  }
}
