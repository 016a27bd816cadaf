import type { User } from '@parley/db';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RateLimiterFactory } from '../common/rate-limiter.js';
import { loadConfig } from '../config/config.js';
import type { UserSessions } from './user-sessions.js';
import type { UsersRepository } from '../users/users.repository.js';
import { AuthService } from './auth.service.js';
import { hashPassword } from './password.js';
import type { SessionsRepository } from './sessions.repository.js';

const ADMIN_PASSWORD = 'admin-password-1';
const adminHash = hashPassword(ADMIN_PASSWORD);

function userRow(overrides: Partial<User> = {}): User {
  return {
    id: 'user-1',
    username: 'chief',
    displayName: 'chief',
    role: 'reader',
    status: 'active',
    passwordHash: 'unused',
    suspendedUntil: null,
    banReason: null,
    alwaysPremod: false,
    approvedCount: 0,
    rejectedCount: 0,
    deletedAt: null,
    createdAt: new Date(),
    ssoSubject: null,
    email: null,
    emailVerifiedAt: null,
    ...overrides,
  } as User;
}

describe(AuthService.name, () => {
  let users: {
    findByUsername: ReturnType<typeof vi.fn>;
    create: ReturnType<typeof vi.fn>;
    update: ReturnType<typeof vi.fn>;
  };
  let sessions: { create: ReturnType<typeof vi.fn> };
  let userSessions: { endAll: ReturnType<typeof vi.fn> };
  let limiters: Record<string, RateLimiterMemory>;

  function makeSut(env: Record<string, string> = { PARLEY_ADMIN: `chief:${ADMIN_PASSWORD}` }): AuthService {
    const rateLimiters = {
      create: (name: string, points: number, duration: number) =>
        (limiters[name] = new RateLimiterMemory({ keyPrefix: name, points, duration })),
    } as unknown as RateLimiterFactory;
    return new AuthService(
      users as unknown as UsersRepository,
      sessions as unknown as SessionsRepository,
      userSessions as unknown as UserSessions,
      loadConfig(env),
      rateLimiters,
    );
  }

  beforeEach(() => {
    users = { findByUsername: vi.fn(), create: vi.fn(), update: vi.fn() };
    sessions = { create: vi.fn() };
    userSessions = { endAll: vi.fn().mockResolvedValue(2) };
    limiters = {};
  });

  describe('PARLEY_ADMIN at start', () => {
    it('creates the admin account when the name is free', async () => {
      users.findByUsername.mockResolvedValue(undefined);
      users.create.mockResolvedValue(userRow({ role: 'admin' }));

      await makeSut().onModuleInit();

      expect(users.create).toHaveBeenCalledWith(
        expect.objectContaining({ username: 'chief', role: 'admin' }),
      );
    });

    it('refuses to promote an existing reader, saying what to do, and changes nothing', async () => {
      users.findByUsername.mockResolvedValue(userRow({ role: 'reader' }));

      await expect(makeSut().onModuleInit()).rejects.toThrow(
        /PARLEY_ADMIN names "chief", an existing reader account.*Give PARLEY_ADMIN another username/,
      );
      expect(users.update).not.toHaveBeenCalled();
      expect(userSessions.endAll).not.toHaveBeenCalled();
    });

    it('refuses to promote an existing moderator too', async () => {
      users.findByUsername.mockResolvedValue(userRow({ role: 'moderator' }));

      await expect(makeSut().onModuleInit()).rejects.toThrow(/existing moderator account/);
      expect(users.update).not.toHaveBeenCalled();
    });

    it('keeps the admin and its sessions when the password is unchanged', async () => {
      users.findByUsername.mockResolvedValue(userRow({ role: 'admin', passwordHash: await adminHash }));
      const sut = makeSut();

      await sut.onModuleInit();
      await sut.onApplicationBootstrap();

      expect(users.update).not.toHaveBeenCalled();
      expect(userSessions.endAll).not.toHaveBeenCalled();
    });

    it('on a new password, stores its hash and ends every session of the admin, sockets included', async () => {
      users.findByUsername.mockResolvedValue(
        userRow({ role: 'admin', passwordHash: await hashPassword('the-old-password') }),
      );
      const sut = makeSut();

      await sut.onModuleInit();
      await sut.onApplicationBootstrap();

      expect(users.update).toHaveBeenCalledWith('user-1', {
        passwordHash: expect.stringMatching(/^\$argon2id\$/),
      });
      expect(userSessions.endAll).toHaveBeenCalledWith('user-1', 'password reset');
    });
  });

  describe('register', () => {
    it.each([
      { input: { username: 'the_admin', password: 'long-enough-1' }, field: 'username' },
      { input: { username: 'Moderator2', password: 'long-enough-1' }, field: 'username' },
      {
        input: { username: 'alice', password: 'long-enough-1', displayName: 'Parley Support' },
        field: 'displayName',
      },
    ])(
      'refuses $input.username / $input.displayName with auth/username_reserved naming $field',
      async ({ input, field }) => {
        const sut = makeSut({});

        const failure = sut.register(input, '10.0.0.1');

        await expect(failure).rejects.toMatchObject({
          code: 'auth/username_reserved',
          fields: { [field]: expect.any(String) },
        });
        expect(users.create).not.toHaveBeenCalled();
      },
    );
  });

  describe('login from many addresses', () => {
    it('blocks the username from new addresses for 1 minute past 30 failures, then 2 minutes the next time', async () => {
      users.findByUsername.mockResolvedValue(userRow({ passwordHash: await hashPassword('the-password') }));
      const sut = makeSut({});
      let address = 0;
      const guess = () => sut.login({ username: 'chief', password: 'a-guess' }, `10.9.0.${++address}`);

      const waits: unknown[] = [];
      for (const _block of [1, 2]) {
        for (let attempt = 0; attempt < 30; attempt++) {
          await expect(guess()).rejects.toMatchObject({ code: 'auth/invalid_credentials' });
        }
        const refused = await guess().catch((error: unknown) => error);
        waits.push((refused as { details?: unknown }).details);
        // The block runs out.
        await limiters['login-username']!.delete('chief');
      }

      expect(waits).toEqual([{ retryAfterSeconds: 60 }, { retryAfterSeconds: 120 }]);
    });
  });
});
