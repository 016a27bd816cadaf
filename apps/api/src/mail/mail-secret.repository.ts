import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DB, Kysely } from '@parley/db';
import { KYSELY } from '../database/database.module.js';

@Injectable()
export class MailSecretRepository {
  constructor(@Inject(KYSELY) private readonly db: Kysely<DB>) {}

  /**
   * The key that signs unsubscribe links, kept in site settings so every node signs and checks
   * alike. The first node to boot creates it; a node racing it keeps the one stored first.
   */
  async getOrCreate(): Promise<string> {
    await this.db
      .updateTable('siteSettings')
      .set({ mailSecret: randomBytes(32).toString('base64url') })
      .where('id', '=', 1)
      .where('mailSecret', 'is', null)
      .execute();
    const row = await this.db
      .selectFrom('siteSettings')
      .select('mailSecret')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return row.mailSecret!;
  }
}
