import { FIELD_MESSAGES } from '@parley/shared';
import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { User } from '@parley/db';
import type { LoginRequest, Me, PublicUser, RegisterRequest } from '@parley/shared';
import { isLocale } from '@parley/shared/i18n';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../common/app-error.js';
import { addressKey } from '../common/client-address.js';
import { RateLimiterFactory, charge } from '../common/rate-limiter.js';
import { CONFIG, type Config } from '../config/config.js';
import { effectiveStatus } from '../users/user-status.js';
import { UsersRepository } from '../users/users.repository.js';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password.js';
import { isReservedName } from './reserved-names.js';
import { SessionsRepository, hashToken } from './sessions.repository.js';
import { UserSessions } from './user-sessions.js';
import { summarizeUserAgent } from './user-agent.js';

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

export function toPublicUser(user: Pick<User, 'id' | 'username' | 'displayName' | 'role'>): PublicUser {
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role };
}

export function toMe(user: User): Me {
  const status = effectiveStatus(user);
  return {
    ...toPublicUser(user),
    status,
    suspendedUntil: status === 'suspended' ? (user.suspendedUntil?.toISOString() ?? null) : null,
    email: user.email,
    emailVerified: user.email !== null && user.emailVerifiedAt !== null,
    signIn: user.ssoSubject !== null ? 'sso' : 'password',
    locale: isLocale(user.locale) ? user.locale : null,
  };
}

/** Failed sign-ins per username per hour from addresses where its owner has not signed in lately. */
export const USERNAME_FAILURES_PER_HOUR = 30;
/** How long an address where a user signed in counts as theirs (under 24.8 days: in-memory limiters use setTimeout). */
const USUAL_ADDRESS_SECONDS = 14 * 24 * 3600;

export interface SignedIn {
  user: User;
  token: string;
}

@Injectable()
export class AuthService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);
  private readonly failuresByPair: RateLimiterAbstract;
  private readonly failuresByAddress: RateLimiterAbstract;
  private readonly failuresByUsername: RateLimiterAbstract;
  private readonly usernameBlocks: RateLimiterAbstract;
  private readonly usualAddresses: RateLimiterAbstract;
  private readonly signupsByAddress: RateLimiterAbstract;
  /** The admin whose password PARLEY_ADMIN reset at start: their sessions and sockets end at bootstrap. */
  private resetAtStart: { id: string; username: string } | null = null;

  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly userSessions: UserSessions,
    @Inject(CONFIG) private readonly config: Config,
    rateLimiters: RateLimiterFactory,
  ) {
    // Sign-in failures, on every node together (the README's scale-out table lists these numbers):
    // 10 per username from one address and 20 per address in 10 minutes; 30 per username per hour
    // from addresses its owner has not signed in from lately, then a block of 1 minute that doubles
    // with each block in a day, up to an hour. So a stranger guessing a moderator's password cannot
    // lock the moderator out of the address they usually sign in from.
    this.failuresByPair = rateLimiters.create('login-pair', 10, 600);
    this.failuresByAddress = rateLimiters.create('login-address', 20, 600);
    this.failuresByUsername = rateLimiters.create('login-username', USERNAME_FAILURES_PER_HOUR, 3600);
    this.usernameBlocks = rateLimiters.create('login-username-blocks', 1_000_000, 24 * 3600);
    this.usualAddresses = rateLimiters.create('login-usual', 1, USUAL_ADDRESS_SECONDS);
    this.signupsByAddress = rateLimiters.create('signup-address', config.signupsPerHour, 3600);
  }

  /**
   * PARLEY_ADMIN=username:password makes sure that admin account exists at start. An existing
   * account that is not an admin is never promoted: whoever registered that name first would
   * become an admin, cookie and all. A password reset here ends every session of the account.
   */
  async onModuleInit(): Promise<void> {
    const admin = this.config.admin;
    if (!admin) return;
    const existing = await this.users.findByUsername(admin.username);
    if (!existing) {
      const created = await this.users.create({
        username: admin.username,
        displayName: admin.username,
        passwordHash: await hashPassword(admin.password),
        role: 'admin',
      });
      // Another node starting at the same moment created it first: check that one instead.
      if (!created) return this.onModuleInit();
      this.logger.log(`created admin account "${admin.username}"`);
      return;
    }
    if (existing.role !== 'admin') {
      throw new Error(
        `PARLEY_ADMIN names "${existing.username}", an existing ${existing.role} account; Parley will not make it ` +
          `an admin, since whoever registered that name would become one. Give PARLEY_ADMIN another username, ` +
          `or, if that account is yours, make it an admin in the database (users.role = 'admin') and unset PARLEY_ADMIN.`,
      );
    }
    if (existing.passwordHash !== null && (await verifyPassword(existing.passwordHash, admin.password)))
      return;
    await this.users.update(existing.id, { passwordHash: await hashPassword(admin.password) });
    this.resetAtStart = { id: existing.id, username: existing.username };
  }

  /**
   * Ends the sessions a PARLEY_ADMIN reset made stale, sockets on every node included, once the
   * socket server is up (bootstrap comes before the server listens, so no request sees them).
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.resetAtStart) return;
    const { id, username } = this.resetAtStart;
    this.resetAtStart = null;
    const ended = await this.userSessions.endAll(id, 'password reset');
    this.logger.log(`reset the password of admin account "${username}" and ended its ${ended} session(s)`);
  }

  async register(input: RegisterRequest, ip: string, userAgent?: string): Promise<SignedIn> {
    const reserved = [
      isReservedName(input.username) && 'username',
      input.displayName !== undefined && isReservedName(input.displayName) && 'displayName',
    ].filter((field) => field !== false);
    if (reserved.length > 0) {
      throw new AppError(
        'auth/username_reserved',
        undefined,
        undefined,
        Object.fromEntries(reserved.map((field) => [field, FIELD_MESSAGES.reservedForStaff])),
      );
    }
    // Charged first, so a burst cannot all pass; refunded when no account comes of it.
    const address = addressKey(ip);
    const signup = await charge(this.signupsByAddress, address);
    if (!signup.allowed) {
      throw new AppError(
        'auth/rate_limited',
        { retryAfterSeconds: signup.retryAfterSeconds },
        'Too many accounts were created from this address. Please try again later.',
      );
    }
    try {
      // Checked before hashing too, so a taken name costs no argon2 run.
      const taken = await this.users.findByUsername(input.username);
      const user = taken
        ? undefined
        : await this.users.create({
            username: input.username,
            displayName: input.displayName ?? input.username,
            passwordHash: await hashPassword(input.password),
          });
      if (!user)
        throw new AppError('auth/username_taken', undefined, undefined, {
          username: FIELD_MESSAGES.usernameTaken,
        });
      return { user, token: await this.startSession(user.id, userAgent) };
    } catch (error) {
      await this.signupsByAddress.reward(address, 1);
      throw error;
    }
  }

  /**
   * Every attempt is charged before the password is checked (parallel guesses cannot all pass a
   * check charged afterwards) and refunded when the password is right.
   */
  async login(input: LoginRequest, ip: string, userAgent?: string): Promise<SignedIn> {
    const username = input.username.toLowerCase();
    const address = addressKey(ip);
    const pair = `${username} ${address}`;
    const usual = (await this.usualAddresses.get(pair)) !== null;
    const charged: [RateLimiterAbstract, string][] = [
      [this.failuresByPair, pair],
      [this.failuresByAddress, address],
    ];
    if (!usual) charged.push([this.failuresByUsername, username]);
    const charges = await Promise.all(charged.map(([limiter, key]) => charge(limiter, key)));

    if (charges.some((result) => !result.allowed)) {
      // A refused attempt checks no password: it uses up none of the allowances it was within.
      await Promise.all(
        charged.map(([limiter, key], index) =>
          charges[index]!.allowed ? limiter.reward(key, 1) : undefined,
        ),
      );
      const byUsername = charges[2];
      // Exactly one attempt is the first over the per-username limit: it starts the block, which
      // replaces the rest of the hour as that limit's wait.
      if (byUsername && byUsername.consumedPoints === USERNAME_FAILURES_PER_HOUR + 1) {
        byUsername.retryAfterSeconds = await this.blockUsername(username);
      }
      const wait = Math.max(...charges.map((result) => result.retryAfterSeconds));
      throw new AppError('auth/rate_limited', { retryAfterSeconds: wait });
    }

    const user = await this.users.findByUsername(input.username);
    // Verify against a dummy hash for unknown users (and SSO users, who have no password), so
    // timing does not reveal which usernames exist.
    const valid = await verifyPassword(user?.passwordHash ?? (await DUMMY_HASH_PROMISE), input.password);
    if (!user || !valid) throw new AppError('auth/invalid_credentials');

    // The right password: this attempt was no failure, and this address is now one the user signs in from.
    await Promise.all([
      this.failuresByPair.delete(pair),
      this.failuresByAddress.reward(address, 1),
      usual ? undefined : this.failuresByUsername.reward(username, 1),
      this.usualAddresses.set(pair, 1, USUAL_ADDRESS_SECONDS),
    ]);
    if (user.status === 'banned') throw new AppError('auth/banned');
    return { user, token: await this.startSession(user.id, userAgent) };
  }

  /** Blocks sign-ins to a username from unusual addresses: 1 minute, doubling with each block that day, up to 1 hour. */
  private async blockUsername(username: string): Promise<number> {
    const blocks = (await charge(this.usernameBlocks, username)).consumedPoints;
    const seconds = Math.min(60 * 2 ** Math.min(blocks - 1, 6), 3600);
    await this.failuresByUsername.block(username, seconds);
    this.logger.warn(
      `sign-ins to "${username}" from unusual addresses blocked for ${seconds} s after repeated failures`,
    );
    return seconds;
  }

  async logout(token: string | undefined): Promise<string | undefined> {
    if (!token) return undefined;
    const tokenHash = hashToken(token);
    await this.sessions.delete(tokenHash);
    return tokenHash;
  }

  /**
   * The user behind a session cookie, or null. A ban deletes the user's sessions; checking the
   * status too covers a sign-in that was already past its password check when the ban landed.
   */
  async resolve(token: string | undefined): Promise<User | null> {
    if (!token || token.length > 100) return null;
    const user = await this.sessions.findUser(hashToken(token));
    return user && user.status !== 'banned' ? user : null;
  }

  /** A new session of 30 days; returns its token (stored only as a hash, with a summary of the browser). */
  async startSession(userId: string, userAgent?: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
    await this.sessions.create(hashToken(token), userId, expiresAt, summarizeUserAgent(userAgent));
    return token;
  }
}
