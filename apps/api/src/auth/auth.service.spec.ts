import { RateLimiterMemory } from 'rate-limiter-flexible';
import { beforeEach, describe, expect, it } from 'vitest';
import { RateLimiterFactory } from '../common/rate-limiter.js';
import { CONFIG, loadConfig } from '../config/config.js';
import { user } from '../testing/fixtures.js';
import { unitModule, type DeepMocked } from '../testing/unit-module.js';
import { UsersRepository } from '../users/users.repository.js';
import { UserSessions } from './user-sessions.js';
import { AuthService } from './auth.service.js';
import { hashPassword } from './password.js';

const ADMIN_PASSWORD = 'admin-password-1';
const adminHash = hashPassword(ADMIN_PASSWORD);

describe(AuthService.name, () => {
  let users: DeepMocked<UsersRepository>;
  let userSessions: DeepMocked<UserSessions>;
  let limiters: Record<string, RateLimiterMemory>;
  let sut: AuthService;

  /** The service started with `env`, its limiters in memory (kept in `limiters` by name). */
  async function makeSut(
    env: Record<string, string> = { PARLEY_ADMIN: `chief:${ADMIN_PASSWORD}` },
  ): Promise<AuthService> {
    limiters = {};
    const rateLimiters: Pick<RateLimiterFactory, 'create'> = {
      create: (name, points, duration) =>
        (limiters[name] = new RateLimiterMemory({ keyPrefix: name, points, duration })),
    };
    const module = await unitModule(AuthService, [
      { provide: CONFIG, useValue: loadConfig(env) },
      { provide: RateLimiterFactory, useValue: rateLimiters },
    ]);
    users = module.get(UsersRepository);
    userSessions = module.get(UserSessions);
    users.findByUsername.mockResolvedValue(undefined);
    userSessions.endAll.mockResolvedValue(2);
    return module.sut;
  }

  beforeEach(async () => {
    sut = await makeSut();
  });

  describe('PARLEY_ADMIN at start', () => {
    it('creates the admin account when the name is free', async () => {
      users.findByUsername.mockResolvedValue(undefined);
      users.create.mockResolvedValue(user({ username: 'chief', role: 'admin' }));

      await sut.onModuleInit();

      expect(users.create).toHaveBeenCalledWith(
        expect.objectContaining({ username: 'chief', role: 'admin' }),
      );
    });

    it('refuses to promote an existing reader, saying what to do, and changes nothing', async () => {
      users.findByUsername.mockResolvedValue(user({ username: 'chief', role: 'reader' }));

      await expect(sut.onModuleInit()).rejects.toThrow(
        /PARLEY_ADMIN names "chief", an existing reader account.*Give PARLEY_ADMIN another username/,
      );
      expect(users.update).not.toHaveBeenCalled();
      expect(userSessions.endAll).not.toHaveBeenCalled();
    });

    it('refuses to promote an existing moderator too', async () => {
      users.findByUsername.mockResolvedValue(user({ username: 'chief', role: 'moderator' }));

      await expect(sut.onModuleInit()).rejects.toThrow(/existing moderator account/);
      expect(users.update).not.toHaveBeenCalled();
    });

    it('keeps the admin and its sessions when the password is unchanged', async () => {
      users.findByUsername.mockResolvedValue(
        user({ username: 'chief', role: 'admin', passwordHash: await adminHash }),
      );

      await sut.onModuleInit();
      await sut.onApplicationBootstrap();

      expect(users.update).not.toHaveBeenCalled();
      expect(userSessions.endAll).not.toHaveBeenCalled();
    });

    it('on a new password, stores its hash and ends every session of the admin, sockets included', async () => {
      users.findByUsername.mockResolvedValue(
        user({ username: 'chief', role: 'admin', passwordHash: await hashPassword('the-old-password') }),
      );

      await sut.onModuleInit();
      await sut.onApplicationBootstrap();

      expect(users.update).toHaveBeenCalledWith(user().id, {
        passwordHash: expect.stringMatching(/^\$argon2id\$/),
      });
      expect(userSessions.endAll).toHaveBeenCalledWith(user().id, 'password reset');
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
        sut = await makeSut({});

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
      sut = await makeSut({});
      users.findByUsername.mockResolvedValue(
        user({ username: 'chief', passwordHash: await hashPassword('the-password') }),
      );
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
