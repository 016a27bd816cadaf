import { Inject, Injectable } from '@nestjs/common';
import { sql, type User } from '@parley/db';
import { KYSELY } from '../database/database.module.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';

/** Postgres unique_violation: another account holds the email (users_email_lower_key). */
function isEmailTaken(error: unknown): boolean {
  const candidate = error as { code?: string; constraint?: string; message?: string } | null;
  return (
    candidate?.code === '23505' &&
    (candidate.constraint === 'users_email_lower_key' ||
      /users_email_lower_key/.test(candidate.message ?? ''))
  );
}

export class EmailTakenError extends Error {}

@Injectable()
export class EmailVerificationRepository implements ExecutorBound<EmailVerificationRepository> {
  constructor(@Inject(KYSELY) private readonly db: Executor) {}

  withExecutor(executor: Executor): EmailVerificationRepository {
    return new EmailVerificationRepository(executor);
  }

  async emailInUse(email: string, exceptUserId?: string): Promise<boolean> {
    let query = this.db
      .selectFrom('users')
      .select('id')
      .where(sql<string>`lower(email)`, '=', email.toLowerCase());
    if (exceptUserId) query = query.where('id', '<>', exceptUserId);
    return (await query.executeTakeFirst()) !== undefined;
  }

  /** Sets the address (verified or not); throws EmailTakenError when another account has it. */
  async setEmail(userId: string, email: string | null, verifiedAt: Date | null): Promise<User> {
    try {
      return await this.db
        .updateTable('users')
        .set({ email, emailVerifiedAt: verifiedAt })
        .where('id', '=', userId)
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (error) {
      if (isEmailTaken(error)) throw new EmailTakenError();
      throw error;
    }
  }

  async setDisplayName(userId: string, displayName: string): Promise<User> {
    return this.db
      .updateTable('users')
      .set({ displayName })
      .where('id', '=', userId)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async addToken(tokenHash: string, userId: string, email: string, ttlSeconds: number): Promise<void> {
    // Older links stop working: only the newest address and link count.
    await this.db.deleteFrom('emailVerificationTokens').where('userId', '=', userId).execute();
    await this.db
      .insertInto('emailVerificationTokens')
      .values({
        tokenHash,
        userId,
        email,
        expiresAt: sql<Date>`now() + make_interval(secs => ${ttlSeconds})`,
      })
      .execute();
  }

  /**
   * Uses a token once: marks it used and verifies the account's email, if the token is fresh and
   * the account still has the address it was sent to. Returns what happened.
   */
  async consume(tokenHash: string): Promise<'verified' | 'expired' | 'used' | 'unknown' | 'changed'> {
    const token = await this.db
      .selectFrom('emailVerificationTokens')
      .select(['userId', 'email', 'usedAt', sql<boolean>`expires_at <= now()`.as('expired')])
      .where('tokenHash', '=', tokenHash)
      .forUpdate()
      .executeTakeFirst();
    if (!token) return 'unknown';
    if (token.usedAt) return 'used';
    if (token.expired) return 'expired';
    await this.db
      .updateTable('emailVerificationTokens')
      .set({ usedAt: sql<Date>`now()` })
      .where('tokenHash', '=', tokenHash)
      .execute();
    const updated = await this.db
      .updateTable('users')
      .set({ emailVerifiedAt: sql<Date>`now()` })
      .where('id', '=', token.userId)
      .where(sql<string>`lower(email)`, '=', token.email.toLowerCase())
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0 ? 'verified' : 'changed';
  }
}
