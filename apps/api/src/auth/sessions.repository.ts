import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { sql, type DB, type Kysely, type User } from '@parley/db';
import { newestFirst, type CursorKey } from '../common/cursor.js';
import { KYSELY } from '../database/database.module.js';

/** Sessions are stored by the sha256 of their token, so the table alone cannot sign anyone in. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** A session's last use is written at most this often: a request reads it, and only a stale one writes. */
export const LAST_SEEN_EVERY_MS = 5 * 60 * 1000;

/** One session as the account page lists it (never its token or hash). */
export interface SessionRecord {
  id: string;
  tokenHash: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userAgent: string | null;
}

@Injectable()
export class SessionsRepository {
  constructor(@Inject(KYSELY) private readonly db: Kysely<DB>) {}

  async create(
    tokenHash: string,
    userId: string,
    expiresAt: Date,
    userAgent: string | null = null,
  ): Promise<void> {
    await this.db.insertInto('sessions').values({ tokenHash, userId, expiresAt, userAgent }).execute();
  }

  /**
   * The live session's user, or undefined when the token is unknown or expired; notes the use.
   * Every signed-in request runs it: written in SQL, not built, as building and compiling the
   * join showed in the profile of a signed-in thread page.
   */
  async findUser(tokenHash: string): Promise<User | undefined> {
    const result = await sql<User & { sessionLastSeenAt: Date }>`
      select u.*, s.last_seen_at as session_last_seen_at
      from sessions s join users u on u.id = s.user_id
      where s.token_hash = ${tokenHash} and s.expires_at > ${new Date()}`.execute(this.db);
    const row = result.rows[0];
    if (!row) return undefined;
    const { sessionLastSeenAt, ...user } = row;
    if (Date.now() - sessionLastSeenAt.getTime() > LAST_SEEN_EVERY_MS) {
      await this.db
        .updateTable('sessions')
        .set({ lastSeenAt: sql<Date>`now()` })
        .where('tokenHash', '=', tokenHash)
        .execute();
    }
    return user;
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

  /** Ends every session of a user but one (a password change keeps the session that made it). */
  async deleteAllForUserExcept(userId: string, keepTokenHash: string): Promise<string[]> {
    const rows = await this.db
      .deleteFrom('sessions')
      .where('userId', '=', userId)
      .where('tokenHash', '<>', keepTokenHash)
      .returning('tokenHash')
      .execute();
    return rows.map((row) => row.tokenHash);
  }

  /** Ends one live session of the user by its id; the hash it had, or undefined when it is not theirs or gone. */
  async deleteOneForUser(userId: string, id: string): Promise<string | undefined> {
    const row = await this.db
      .deleteFrom('sessions')
      .where('userId', '=', userId)
      .where('id', '=', id)
      .where('expiresAt', '>', new Date())
      .returning('tokenHash')
      .executeTakeFirst();
    return row?.tokenHash;
  }

  /** A page of the user's live sessions, newest first (`limit + 1` rows, for `toPage`). */
  listForUser(userId: string, limit: number, after: CursorKey | undefined): Promise<SessionRecord[]> {
    return this.db
      .selectFrom('sessions')
      .select(['id', 'tokenHash', 'createdAt', 'lastSeenAt', 'expiresAt', 'userAgent'])
      .where('userId', '=', userId)
      .where('expiresAt', '>', new Date())
      .$call(newestFirst(limit, after))
      .execute();
  }
}
