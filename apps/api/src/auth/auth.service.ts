import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { User } from '@parley/db';
import type { LoginRequest, Me, PublicUser, RegisterRequest } from '@parley/shared';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../common/app-error.js';
import { RateLimiterFactory, blockedForSeconds, consume } from '../common/rate-limiter.js';
import { CONFIG, type Config } from '../config/config.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password.js';
import { isReservedName } from './reserved-names.js';
import { SessionsRepository, hashToken } from './sessions.repository.js';

export const SESSION_COOKIE = 'parley_session';
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

export function toPublicUser(user: Pick<User, 'id' | 'username' | 'displayName' | 'role'>): PublicUser {
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role };
}

/** Suspensions end by themselves: a suspension whose time has passed reads as active. */
export function effectiveStatus(
  user: Pick<User, 'status' | 'suspendedUntil'>,
  now = new Date(),
): User['status'] {
  if (user.status === 'suspended' && user.suspendedUntil && user.suspendedUntil <= now) return 'active';
  return user.status;
}

export function toMe(user: User): Me {
  const status = effectiveStatus(user);
  return {
    ...toPublicUser(user),
    status,
    suspendedUntil: status === 'suspended' ? (user.suspendedUntil?.toISOString() ?? null) : null,
  };
}

export interface SignedIn {
  user: User;
  token: string;
}

@Injectable()
export class AuthService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);
  private readonly failuresByAddress: RateLimiterAbstract;
  private readonly failuresByUsername: RateLimiterAbstract;
  /** Session hashes a PARLEY_ADMIN password reset ended at start; their sockets are closed at bootstrap. */
  private endedAtStart: string[] = [];

  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly realtime: RealtimeService,
    @Inject(CONFIG) private readonly config: Config,
    rateLimiters: RateLimiterFactory,
  ) {
    // Failed sign-ins: 20 per address and 10 per username in 10 minutes, on every node together.
    this.failuresByAddress = rateLimiters.create('login-address', 20, 600);
    this.failuresByUsername = rateLimiters.create('login-username', 10, 600);
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
    if (await verifyPassword(existing.passwordHash, admin.password)) return;
    await this.users.update(existing.id, { passwordHash: await hashPassword(admin.password) });
    this.endedAtStart = await this.sessions.deleteAllForUser(existing.id);
    this.logger.log(
      `reset the password of admin account "${existing.username}" and ended its ${this.endedAtStart.length} session(s)`,
    );
  }

  /** Live sockets of sessions a PARLEY_ADMIN reset ended, on every node, once the socket server is up. */
  onApplicationBootstrap(): void {
    this.realtime.endSessions(this.endedAtStart, 'password reset');
    this.endedAtStart = [];
  }

  async register(input: RegisterRequest): Promise<SignedIn> {
    const reserved = [
      isReservedName(input.username) && 'username',
      input.displayName !== undefined && isReservedName(input.displayName) && 'displayName',
    ].filter((field) => field !== false);
    if (reserved.length > 0) {
      throw new AppError(
        'auth/username_reserved',
        undefined,
        undefined,
        Object.fromEntries(reserved.map((field) => [field, 'is kept for staff'])),
      );
    }
    const user = await this.users.create({
      username: input.username,
      displayName: input.displayName ?? input.username,
      passwordHash: await hashPassword(input.password),
    });
    if (!user) throw new AppError('auth/username_taken', undefined, undefined, { username: 'is taken' });
    return { user, token: await this.startSession(user.id) };
  }

  async login(input: LoginRequest, address: string): Promise<SignedIn> {
    const usernameKey = input.username.toLowerCase();
    const wait = Math.max(
      await blockedForSeconds(this.failuresByAddress, address),
      await blockedForSeconds(this.failuresByUsername, usernameKey),
    );
    if (wait > 0) throw new AppError('auth/rate_limited', { retryAfterSeconds: wait });

    const user = await this.users.findByUsername(input.username);
    // Verify against a dummy hash for unknown users, so timing does not reveal which usernames exist.
    const valid = await verifyPassword(user?.passwordHash ?? (await DUMMY_HASH_PROMISE), input.password);
    if (!user || !valid) {
      await Promise.all([
        consume(this.failuresByAddress, address),
        consume(this.failuresByUsername, usernameKey),
      ]);
      throw new AppError('auth/invalid_credentials');
    }
    if (user.status === 'banned') throw new AppError('auth/banned');
    await this.failuresByUsername.delete(usernameKey);
    return { user, token: await this.startSession(user.id) };
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

  private async startSession(userId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.sessions.create(hashToken(token), userId, new Date(Date.now() + SESSION_TTL_MS));
    return token;
  }
}
