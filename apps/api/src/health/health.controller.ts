import { Controller, Get, Inject, Res } from '@nestjs/common';
import { pingDatabase, type Database } from '@parley/db';
import type { Response } from 'express';
import { DATABASE } from '../database/database.module.js';

@Controller('api/health')
export class HealthController {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** `{ status, db }`; 503 when the database does not answer within two seconds. */
  @Get()
  async health(@Res({ passthrough: true }) response: Response) {
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
