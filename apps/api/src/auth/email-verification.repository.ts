import { Inject, Injectable } from '@nestjs/common';
import { sql, type User } from '@parley/db';
import type { Locale } from '@parley/shared/i18n';
import { KYSELY } from '../database/database.module.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';

/** Postgres unique_violation: another account has confirmed the email (users_confirmed_email_lower_key). */
function isEmailTaken(error: unknown): boolean {
  const candidate = error as { code?: string; constraint?: string; message?: string } | null;
  return (
    candidate?.code === '23505' &&
    (candidate.constraint === 'users_confirmed_email_lower_key' ||
      /users_confirmed_email_lower_key/.test(candidate.message ?? ''))
  );
}

export class EmailTakenError extends Error {}

/** What a verification link did: `taken` when another account confirmed the address first. */
export type ConsumeResult = 'verified' | 'expired' | 'used' | 'unknown' | 'changed' | 'taken';

@Injectable()
export class EmailVerificationRepository implements ExecutorBound<EmailVerificationRepository> {
  constructor(@Inject(KYSELY) private readonly db: Executor) {}

  withExecutor(executor: Executor): EmailVerificationRepository {
    return new EmailVerificationRepository(executor);
  }

  /** The account that has confirmed this address (any letter case), other than `exceptUserId`. */
  async confirmedHolder(email: string, exceptUserId?: string): Promise<{ id: string } | undefined> {
    let query = this.db
      .selectFrom('users')
      .select('id')
      .where(sql<string>`lower(email)`, '=', email.toLowerCase())
      .where('email', 'is not', null)
      .where('emailVerifiedAt', 'is not', null);
    if (exceptUserId) query = query.where('id', '<>', exceptUserId);
    return query.executeTakeFirst();
  }

  /** Sets an unconfirmed address (or none): any number of accounts may hold one. */
  async setUnconfirmedEmail(userId: string, email: string | null): Promise<User> {
    return this.db
      .updateTable('users')
      .set({ email, emailVerifiedAt: null })
      .where('id', '=', userId)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /**
   * Confirms `email` for the account (a host's SSO claim vouches for it), taking it from every
   * account that holds it unconfirmed. Undefined when another account confirmed it. Only inside a
   * transaction: the address lock serializes every confirmation of one address across nodes.
   */
  async claimConfirmed(userId: string, email: string): Promise<User | undefined> {
    await this.lockAddress(email);
    if (await this.confirmedHolder(email, userId)) return undefined;
    try {
      const user = await this.db
        .updateTable('users')
        .set({ email, emailVerifiedAt: sql<Date>`now()` })
        .where('id', '=', userId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.releaseFromOthers(userId, email);
      return user;
    } catch (error) {
      if (isEmailTaken(error)) throw new EmailTakenError();
      throw error;
    }
  }

  /**
   * Waits for any other transaction confirming this address (any letter case) to end. Transaction
   * scoped: Postgres lets go at commit or rollback. Every write of a confirmed address takes it, so
   * the "is it confirmed elsewhere?" check that follows cannot be overtaken.
   */
  private async lockAddress(email: string): Promise<void> {
    const key = `parley:email:${email.toLowerCase()}`;
    await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(this.db);
  }

  /** Clears the address from the accounts that hold it unconfirmed (their pending links stop working). */
  private async releaseFromOthers(userId: string, email: string): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ email: null, emailVerifiedAt: null })
      .where(sql<string>`lower(email)`, '=', email.toLowerCase())
      .where('emailVerifiedAt', 'is', null)
      .where('id', '<>', userId)
      .execute();
  }

  async setDisplayName(userId: string, displayName: string): Promise<User> {
    return this.db
      .updateTable('users')
      .set({ displayName })
      .where('id', '=', userId)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async setLocale(userId: string, locale: Locale | null): Promise<User> {
    return this.db
      .updateTable('users')
      .set({ locale })
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
   * Uses a token once: marks it used and verifies the account's email, if the token is fresh, the
   * account still has the address it was sent to and no other account confirmed it first; the
   * address is taken from accounts that hold it unconfirmed. Only inside a transaction.
   */
  async consume(tokenHash: string): Promise<ConsumeResult> {
    const token = await this.db
      .selectFrom('emailVerificationTokens')
      .select(['userId', 'email', 'usedAt', sql<boolean>`expires_at <= now()`.as('expired')])
      .where('tokenHash', '=', tokenHash)
      .forUpdate()
      .executeTakeFirst();
    if (!token) return 'unknown';
    if (token.usedAt) return 'used';
    if (token.expired) return 'expired';
    await this.lockAddress(token.email);
    // Left unused: it can never confirm this address now, and says so each time it is opened.
    if (await this.confirmedHolder(token.email, token.userId)) return 'taken';
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
    if (Number(updated.numUpdatedRows) === 0) return 'changed';
    await this.releaseFromOthers(token.userId, token.email);
    return 'verified';
  }

  /** What opening the link would do now, changing nothing: `usable` when it would confirm. */
  async peek(tokenHash: string): Promise<'usable' | 'expired' | 'used' | 'unknown'> {
    const token = await this.db
      .selectFrom('emailVerificationTokens')
      .select(['usedAt', sql<boolean>`expires_at <= now()`.as('expired')])
      .where('tokenHash', '=', tokenHash)
      .executeTakeFirst();
    if (!token) return 'unknown';
    if (token.usedAt) return 'used';
    return token.expired ? 'expired' : 'usable';
  }
}
