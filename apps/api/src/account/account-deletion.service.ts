import { randomBytes } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { User } from '@parley/db';
import type { DeleteAccountRequest } from '@parley/shared';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { hashPassword, verifyPassword } from '../auth/password.js';
import { UserSessions } from '../auth/user-sessions.js';
import { CommentChangePublisher } from '../comments/comment-change-publisher.js';
import { CommentChangeRecorder, type RecordedChange } from '../comments/comment-change-recorder.js';
import { CommentReadingRepository } from '../comments/comment-reading.repository.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { charge, RateLimiterFactory } from '../common/rate-limiter.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ModerationLogRepository } from '../moderation-log/moderation-log.repository.js';
import { OutboxHandlers } from '../outbox/outbox-handlers.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { UsersRepository } from '../users/users.repository.js';
import { AccountRepository } from './account.repository.js';
import { SsoConfirmation } from './sso-confirmation.js';

/** The outbox kind that frees a deleted account's username. */
export const FREE_USERNAME = 'account.free_username';
/** How long a deleted account's username stays taken, so no one can pose as it at once. */
export const USERNAME_HELD_MS = 30 * 24 * 3600_000;
/** Deletion attempts one account may make per hour (each checks a password). */
export const DELETIONS_PER_HOUR = 5;

/**
 * Deletes an account, by its owner (with the password or an SSO token) or by an admin: ends every
 * session and socket, clears the display name, turns the comments into placeholders, drops the
 * reactions, and 30 days later frees the username (an outbox row written in the same transaction).
 */
@Injectable()
export class AccountDeletionService implements OnModuleInit {
  private readonly attempts: RateLimiterAbstract;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly account: AccountRepository,
    private readonly users: UsersRepository,
    private readonly comments: CommentReadingRepository,
    private readonly log: ModerationLogRepository,
    private readonly outbox: OutboxRepository,
    private readonly handlers: OutboxHandlers,
    private readonly clock: Clock,
    private readonly sso: SsoConfirmation,
    private readonly userSessions: UserSessions,
    private readonly changes: CommentChangeRecorder,
    private readonly publisher: CommentChangePublisher,
    limiters: RateLimiterFactory,
  ) {
    this.attempts = limiters.create('account-delete', DELETIONS_PER_HOUR, 3600);
  }

  onModuleInit(): void {
    this.handlers.register<{ userId: string }>(FREE_USERNAME, ({ userId }) =>
      this.account.freeUsername(userId),
    );
  }

  /** The owner's deletion: confirmed by the password (or an SSO token), rate limited. */
  async deleteOwn(user: User, confirmation: DeleteAccountRequest): Promise<void> {
    const allowance = await charge(this.attempts, user.id);
    if (!allowance.allowed) {
      throw new AppError('account/rate_limited', { retryAfterSeconds: allowance.retryAfterSeconds });
    }
    if ('password' in confirmation) {
      // An SSO account has no password: only a fresh token from its host site confirms it.
      if (user.passwordHash === null || !(await verifyPassword(user.passwordHash, confirmation.password))) {
        throw new AppError('account/confirmation_failed');
      }
    } else if (!(await this.sso.confirms(user, confirmation.ssoToken))) {
      throw new AppError('account/confirmation_failed');
    }
    await this.remove(user.id, user);
  }

  /** An admin's deletion of another account (never an admin's, never one's own): logged. */
  async deleteByAdmin(userId: string, admin: User): Promise<void> {
    const target = await this.users.findById(userId);
    if (!target || target.deletedAt) throw new AppError('moderation/user_not_found');
    if (target.id === admin.id || target.role === 'admin') throw new AppError('moderation/protected_user');
    await this.remove(userId, admin);
  }

  private async remove(userId: string, actor: { id: string; username: string }): Promise<void> {
    const actorId = actor.id;
    const unusable = await hashPassword(randomBytes(32).toString('base64url'));
    const now = this.clock.now();
    const recorded = await this.transactions.run(
      {
        account: this.account,
        users: this.users,
        comments: this.comments,
        log: this.log,
        outbox: this.outbox,
        changes: this.changes,
      },
      async ({ account, users, comments, log, outbox, changes }) => {
        // The author's row first, as posting takes it: no post of theirs can land meanwhile.
        const user = await users.lockById(userId);
        if (!user || user.deletedAt) throw new AppError('moderation/user_not_found');
        const ids = await account.liveCommentIds(userId);
        const before = await comments.findManyByIds(ids);
        await account.placeholder(ids);
        await account.removeReactions(userId);
        await account.markDeleted(userId, unusable, now);
        await log.record({
          actorId,
          action: 'delete_account',
          userId,
          details: { by: actorId === userId ? 'owner' : 'admin', comments: ids.length },
        });
        await outbox.enqueue({
          kind: FREE_USERNAME,
          payload: { userId },
          runAfter: new Date(now.getTime() + USERNAME_HELD_MS),
          dedupeKey: `${FREE_USERNAME}:${userId}`,
        });
        const after = new Map((await comments.findManyByIds(ids)).map((record) => [record.id, record]));
        const placeheld: RecordedChange[] = [];
        for (const record of before) {
          const placeholder = after.get(record.id);
          if (placeholder) {
            placeheld.push(
              await changes.record({ cause: 'deleted', before: record, after: placeholder, actor }),
            );
          }
        }
        return placeheld;
      },
    );
    await this.userSessions.endAll(userId, 'account deleted');
    // Placeholders replace the comments on every page that showed them.
    await this.publisher.publish(recorded);
  }
}
