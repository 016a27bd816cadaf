import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DB, Kysely, User } from '@parley/db';
import { KYSELY } from '../database/database.module.js';

/** Sessions are stored by the sha256 of their token, so the table alone cannot sign anyone in. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

@Injectable()
export class SessionsRepository {
  constructor(@Inject(KYSELY) private readonly db: Kysely<DB>) {}

  async create(tokenHash: string, userId: string, expiresAt: Date): Promise<void> {
    await this.db.insertInto('sessions').values({ tokenHash, userId, expiresAt }).execute();
  }

  /** The live session's user, or undefined when the token is unknown or expired. */
  findUser(tokenHash: string): Promise<User | undefined> {
    return this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.userId')
      .selectAll('users')
      .where('sessions.tokenHash', '=', tokenHash)
      .where('sessions.expiresAt', '>', new Date())
      .executeTakeFirst();
  }

  async delete(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('tokenHash', '=', tokenHash).execute();
  }

  /** Ends every session of a user (ban); returns the hashes that were ended. */
  async deleteAllForUser(userId: string): Promise<string[]> {
    const rows = await this.db
      .deleteFrom('sessions')
      .where('userId', '=', userId)
      .returning('tokenHash')
      .execute();
    return rows.map((row) => row.tokenHash);
  }
}
