import { FIELD_MESSAGES } from '@parley/shared';
import { Injectable } from '@nestjs/common';
import type { User } from '@parley/db';
import type { AccountSessionPage, ChangePasswordRequest, SessionListQuery } from '@parley/shared';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../common/app-error.js';
import { decodeCursor, NEWEST_FIRST_CURSOR, newestFirstKey, toPage } from '../common/cursor.js';
import { RateLimiterFactory, charge } from '../common/rate-limiter.js';
import { UsersRepository } from '../users/users.repository.js';
import { hashPassword, verifyPassword } from './password.js';
import { SessionsRepository, hashToken } from './sessions.repository.js';
import { UserSessions } from './user-sessions.js';

/** Password changes (and wrong current passwords) per account per hour: each one runs argon2. */
export const PASSWORD_CHANGES_PER_HOUR = 10;

/**
 * The account page's security part: changing the password and seeing or ending one's sessions.
 * `currentToken` is the token the request came with (the guard resolved it to `user`), so the
 * session making the request is the one kept.
 */
@Injectable()
export class AccountSessionsService {
  private readonly passwordChanges: RateLimiterAbstract;

  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly userSessions: UserSessions,
    limiters: RateLimiterFactory,
  ) {
    this.passwordChanges = limiters.create('password-changes', PASSWORD_CHANGES_PER_HOUR, 3600);
  }

  /**
   * Checks the current password as a sign-in does, stores the new one, then ends every other
   * session, bearer token and socket of the account. A wrong password changes and ends nothing.
   */
  async changePassword(user: User, currentToken: string, input: ChangePasswordRequest): Promise<number> {
    if (user.passwordHash === null) throw new AppError('auth/no_password');
    // Charged before the check, so parallel guesses cannot all pass.
    const allowance = await charge(this.passwordChanges, user.id);
    if (!allowance.allowed) {
      throw new AppError('auth/password_rate_limited', { retryAfterSeconds: allowance.retryAfterSeconds });
    }
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw new AppError('auth/wrong_password', undefined, undefined, {
        currentPassword: FIELD_MESSAGES.currentPasswordWrong,
      });
    }
    await this.users.update(user.id, { passwordHash: await hashPassword(input.newPassword) });
    return this.userSessions.endAllExcept(user.id, hashToken(currentToken), 'password changed');
  }

  async list(user: User, currentToken: string, query: SessionListQuery): Promise<AccountSessionPage> {
    const after = decodeCursor(query.cursor, NEWEST_FIRST_CURSOR);
    const rows = await this.sessions.listForUser(user.id, query.limit, after);
    const page = toPage(rows, query.limit, newestFirstKey);
    const current = hashToken(currentToken);
    return {
      items: page.items.map((row) => ({
        id: row.id,
        createdAt: row.createdAt.toISOString(),
        lastSeenAt: row.lastSeenAt.toISOString(),
        expiresAt: row.expiresAt.toISOString(),
        userAgent: row.userAgent,
        current: row.tokenHash === current,
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** Ends one of the user's sessions; answers whether it was the current one (the cookie goes too). */
  async endOne(user: User, currentToken: string, sessionId: string): Promise<{ wasCurrent: boolean }> {
    const hash = await this.userSessions.endOne(user.id, sessionId, 'signed out');
    if (!hash) throw new AppError('auth/session_not_found');
    return { wasCurrent: hash === hashToken(currentToken) };
  }

  endOthers(user: User, currentToken: string): Promise<number> {
    return this.userSessions.endAllExcept(user.id, hashToken(currentToken), 'signed out');
  }
}
