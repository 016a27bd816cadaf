import { Controller, Get, Inject, Res, type BeforeApplicationShutdown } from '@nestjs/common';
import { pingDatabase, type Database } from '@parley/db';
import type { Response } from 'express';
import { DATABASE } from '../database/database.module.js';

@Controller('api/health')
export class HealthController implements BeforeApplicationShutdown {
  /** Set on SIGTERM: a load balancer polling health stops sending new work while in-flight work finishes. */
  private draining = false;

  constructor(@Inject(DATABASE) private readonly database: Database) {}

  beforeApplicationShutdown(): void {
    this.draining = true;
  }

  /** `{ status, db }`; 503 when the database does not answer within two seconds, or the node is shutting down. */
  @Get()
  async health(@Res({ passthrough: true }) response: Response) {
    if (this.draining) {
      response.status(503);
      return { status: 'draining', db: this.database.engine };
    }
    try {
      await Promise.race([
        pingDatabase(this.database.db),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
      return { status: 'ok', db: this.database.engine };
    } catch {
      response.status(503);
      return { status: 'unavailable', db: this.database.engine };
    }
  }
}
