import { Inject, Injectable } from '@nestjs/common';
import { migrationStatus, type DB, type Kysely, type MigrationStatus } from '@parley/db';
import { KYSELY } from '../database/database.module.js';

/** The database's migration history (Kysely's migration table, read through packages/db). */
@Injectable()
export class VersionRepository {
  constructor(@Inject(KYSELY) private readonly db: Kysely<DB>) {}

  migrationStatus(): Promise<MigrationStatus> {
    return migrationStatus(this.db);
  }
}
