import { Inject, Injectable } from '@nestjs/common';
import { sql, type DB, type Kysely } from '@parley/db';
import { KYSELY } from '../database/database.module.js';

/** The `jti`s of SSO tokens already used, each kept until its token expires. */
@Injectable()
export class SsoTokensRepository {
  constructor(@Inject(KYSELY) private readonly db: Kysely<DB>) {}

  /**
   * Records a `jti` as used; false when it was already used by a token that has not expired. A row
   * left over from an expired token is taken over (its token is refused as expired anyway).
   * Atomic, so two nodes given the same token at once cannot both accept it.
   */
  async use(jti: string, expiresAt: Date): Promise<boolean> {
    const row = await this.db
      .insertInto('ssoUsedTokens')
      .values({ jti, expiresAt })
      .onConflict((oc) =>
        oc
          .column('jti')
          .doUpdateSet({ expiresAt })
          .where('ssoUsedTokens.expiresAt', '<=', sql<Date>`now()`),
      )
      .returning('jti')
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Forgets the `jti`s of expired tokens. */
  async prune(now = new Date()): Promise<void> {
    await this.db.deleteFrom('ssoUsedTokens').where('expiresAt', '<=', now).execute();
  }
}
