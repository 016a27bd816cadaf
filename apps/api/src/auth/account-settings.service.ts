import { FIELD_MESSAGES } from '@parley/shared';
import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { User } from '@parley/db';
import type { UpdateMeRequest } from '@parley/shared';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { isReservedName } from './reserved-names.js';
import { AppError } from '../common/app-error.js';
import { RateLimiterFactory, charge } from '../common/rate-limiter.js';
import { CONFIG, type Config } from '../config/config.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { MailJobs } from '../mail/mail-jobs.js';
import {
  EmailTakenError,
  EmailVerificationRepository,
  type ConsumeResult,
} from './email-verification.repository.js';

/** A verification link works once, for 24 hours. */
export const VERIFICATION_TTL_SECONDS = 24 * 3600;
/** Email changes (each sends a message) per account per hour. */
const EMAIL_CHANGES_PER_HOUR = 5;

export type VerificationResult = ConsumeResult;

export function hashVerificationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The account's own settings: email (verified by a link) and display name. */
@Injectable()
export class AccountSettingsService {
  private readonly emailChanges: RateLimiterAbstract;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly accounts: EmailVerificationRepository,
    private readonly mailJobs: MailJobs,
    @Inject(CONFIG) private readonly config: Config,
    limiters: RateLimiterFactory,
  ) {
    this.emailChanges = limiters.create('email-changes', EMAIL_CHANGES_PER_HOUR, 3600);
  }

  async updateMe(user: User, changes: UpdateMeRequest): Promise<User> {
    if (changes.displayName !== undefined && isReservedName(changes.displayName)) {
      throw new AppError('auth/username_reserved', undefined, undefined, {
        displayName: FIELD_MESSAGES.reservedForStaff,
      });
    }
    const email = changes.email === undefined ? undefined : changes.email;
    // The same address again while it is unconfirmed asks for a new link ("resend"), under the same limit.
    const resend =
      email != null && user.emailVerifiedAt === null && email.toLowerCase() === user.email?.toLowerCase();
    const emailChanges =
      resend || (email !== undefined && email?.toLowerCase() !== user.email?.toLowerCase());
    if (emailChanges && email !== null) {
      const allowance = await charge(this.emailChanges, user.id);
      if (!allowance.allowed) {
        throw new AppError('auth/email_rate_limited', { retryAfterSeconds: allowance.retryAfterSeconds });
      }
      // Only a confirmed address is someone's: an unconfirmed one locks nobody out (issue 19).
      if (await this.accounts.confirmedHolder(email, user.id)) throw emailTaken();
    }
    return this.transactions.run(
      { accounts: this.accounts, mailJobs: bindable(this.mailJobs) },
      async ({ accounts, mailJobs }) => {
        let updated = user;
        if (changes.displayName !== undefined)
          updated = await accounts.setDisplayName(user.id, changes.displayName);
        if (changes.locale !== undefined) updated = await accounts.setLocale(user.id, changes.locale);
        if (emailChanges) updated = await this.changeEmail(accounts, mailJobs, user.id, email ?? null);
        return updated;
      },
    );
  }

  /**
   * Registration with an email answers alike whether or not the address has an account, so it
   * tells nobody which addresses do: the new account holds the address unconfirmed either way. A
   * free address gets its link; the owner of a confirmed one gets a warning instead (at most one an
   * hour), and no link, so the registrant can never confirm it.
   */
  async addEmailAtRegistration(userId: string, email: string): Promise<void> {
    await this.transactions.run(
      { accounts: this.accounts, mailJobs: bindable(this.mailJobs) },
      async ({ accounts, mailJobs }) => {
        const owner = await accounts.confirmedHolder(email, userId);
        if (!owner) return this.changeEmail(accounts, mailJobs, userId, email);
        const user = await accounts.setUnconfirmedEmail(userId, email);
        if (this.config.mail) {
          await mailJobs.enqueue({
            type: 'mail.registration_attempt',
            userId: owner.id,
            slot: new Date().toISOString().slice(0, 13),
          });
        }
        return user;
      },
    );
  }

  /**
   * Seam for single sign-on: an identity provider's `email` claim counts as confirmed, and takes
   * the address from accounts that hold it unconfirmed. Null when another account confirmed it.
   */
  async setVerifiedEmail(userId: string, email: string): Promise<User | null> {
    try {
      const user = await this.transactions.run({ accounts: this.accounts }, ({ accounts }) =>
        accounts.claimConfirmed(userId, email),
      );
      return user ?? null;
    } catch (error) {
      // The unique index behind the address lock: a writer that did not take the lock.
      if (error instanceof EmailTakenError) return null;
      throw error;
    }
  }

  /** What the link's page offers, changing nothing (mail scanners open every link). */
  async checkVerification(token: string): Promise<'usable' | 'expired' | 'used' | 'unknown'> {
    return this.accounts.peek(hashVerificationToken(token));
  }

  async verifyEmail(token: string): Promise<VerificationResult> {
    return this.transactions.run({ accounts: this.accounts }, ({ accounts }) =>
      accounts.consume(hashVerificationToken(token)),
    );
  }

  private async changeEmail(
    accounts: EmailVerificationRepository,
    mailJobs: BoundMailJobs,
    userId: string,
    email: string | null,
  ): Promise<User> {
    const user = await accounts.setUnconfirmedEmail(userId, email);
    if (email !== null && this.config.mail) {
      const token = randomBytes(32).toString('base64url');
      await accounts.addToken(hashVerificationToken(token), userId, email, VERIFICATION_TTL_SECONDS);
      await mailJobs.enqueue({ type: 'mail.verify_email', userId, email, token });
    }
    return user;
  }
}

function emailTaken(): AppError {
  return new AppError('auth/email_taken', undefined, undefined, { email: FIELD_MESSAGES.emailTaken });
}

/** MailJobs bound to one transaction, so the mail row commits with the change. */
interface BoundMailJobs {
  enqueue(job: Parameters<MailJobs['enqueue']>[1]): Promise<void>;
  withExecutor(executor: Parameters<MailJobs['enqueue']>[0]): BoundMailJobs;
}

function bindable(jobs: MailJobs): BoundMailJobs {
  const bind = (executor: Parameters<MailJobs['enqueue']>[0] | null): BoundMailJobs => ({
    enqueue: (job) => {
      if (!executor) throw new Error('mail jobs are enqueued only inside a transaction');
      return jobs.enqueue(executor, job);
    },
    withExecutor: (next) => bind(next),
  });
  return bind(null);
}
