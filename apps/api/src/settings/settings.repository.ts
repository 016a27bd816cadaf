import { Inject, Injectable } from '@nestjs/common';
import { sql, type DB, type Kysely, type SiteSettings } from '@parley/db';
import { KYSELY } from '../database/database.module.js';

@Injectable()
export class SettingsRepository {
  constructor(@Inject(KYSELY) private readonly db: Kysely<DB>) {}

  get(): Promise<SiteSettings> {
    return this.db.selectFrom('siteSettings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  }

  async setWordLists(bannedWords: string[], suspectWords: string[]): Promise<SiteSettings> {
    return this.db
      .updateTable('siteSettings')
      .set({ bannedWords, suspectWords, updatedAt: sql<Date>`now()` })
      .where('id', '=', 1)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async setToxicityThresholds(
    thresholds: Pick<SiteSettings, 'toxicityWarn' | 'toxicityHold' | 'toxicityReject'>,
  ): Promise<SiteSettings> {
    return this.db
      .updateTable('siteSettings')
      .set({ ...thresholds, updatedAt: sql<Date>`now()` })
      .where('id', '=', 1)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
}
