import { RateLimiterMemory } from 'rate-limiter-flexible';
import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../common/app-error.js';
import { RateLimiterFactory } from '../common/rate-limiter.js';
import { user } from '../testing/fixtures.js';
import { unitModule, type DeepMocked } from '../testing/unit-module.js';
import { UsersRepository } from '../users/users.repository.js';
import { AccountSessionsService, PASSWORD_CHANGES_PER_HOUR } from './account-sessions.service.js';
import { hashPassword, verifyPassword } from './password.js';
import { hashToken } from './sessions.repository.js';
import { UserSessions } from './user-sessions.js';

const PASSWORD = 'the-password-1';
const passwordHash = hashPassword(PASSWORD);
const TOKEN = 'the-current-token';

describe(AccountSessionsService.name, () => {
  let sut: AccountSessionsService;
  let users: DeepMocked<UsersRepository>;
  let userSessions: DeepMocked<UserSessions>;
  let owner: ReturnType<typeof user>;

  beforeEach(async () => {
    owner = user({ id: 'owner-id', passwordHash: await passwordHash });
    const limiters: Pick<RateLimiterFactory, 'create'> = {
      create: (name, points, duration) => new RateLimiterMemory({ keyPrefix: name, points, duration }),
    };
    const module = await unitModule(AccountSessionsService, [
      { provide: RateLimiterFactory, useValue: limiters },
    ]);
    sut = module.sut;
    users = module.get(UsersRepository);
    userSessions = module.get(UserSessions);
    userSessions.endAllExcept.mockResolvedValue(2);
  });

  async function failure(work: Promise<unknown>): Promise<AppError> {
    const error = await work.then(
      () => {
        throw new Error('expected a refusal');
      },
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }

  it('stores the new password, then ends every other session, keeping the current one', async () => {
    const ended = await sut.changePassword(owner, TOKEN, {
      currentPassword: PASSWORD,
      newPassword: 'a-new-password',
    });

    expect(ended).toBe(2);
    const stored = users.update.mock.calls[0]![1].passwordHash!;
    expect(await verifyPassword(stored, 'a-new-password')).toBe(true);
    expect(userSessions.endAllExcept).toHaveBeenCalledWith(owner.id, hashToken(TOKEN), 'password changed');
    expect(users.update.mock.invocationCallOrder[0]).toBeLessThan(
      userSessions.endAllExcept.mock.invocationCallOrder[0]!,
    );
  });

  it('refuses a wrong current password, changing and ending nothing', async () => {
    const error = await failure(
      sut.changePassword(owner, TOKEN, { currentPassword: 'wrong', newPassword: 'a-new-password' }),
    );

    expect(error.code).toBe('auth/wrong_password');
    expect(error.fields).toEqual({ currentPassword: 'That is not your current password.' });
    expect(users.update).not.toHaveBeenCalled();
    expect(userSessions.endAllExcept).not.toHaveBeenCalled();
  });

  it('refuses a single sign-on account, which has no password here', async () => {
    const error = await failure(
      sut.changePassword(user({ passwordHash: null, ssoSubject: 'host-1' }), TOKEN, {
        currentPassword: 'anything',
        newPassword: 'a-new-password',
      }),
    );

    expect(error.code).toBe('auth/no_password');
  });

  it(`refuses past ${PASSWORD_CHANGES_PER_HOUR} attempts an hour, before checking the password`, async () => {
    for (let attempt = 0; attempt < PASSWORD_CHANGES_PER_HOUR; attempt++) {
      await failure(
        sut.changePassword(owner, TOKEN, { currentPassword: 'wrong', newPassword: 'a-new-one-1' }),
      );
    }

    const error = await failure(
      sut.changePassword(owner, TOKEN, { currentPassword: PASSWORD, newPassword: 'a-new-one-1' }),
    );

    expect(error.code).toBe('auth/password_rate_limited');
    expect(users.update).not.toHaveBeenCalled();
  });

  it('says when the session to end is not one of the account’s', async () => {
    userSessions.endOne.mockResolvedValue(undefined);

    expect((await failure(sut.endOne(owner, TOKEN, 'some-id'))).code).toBe('auth/session_not_found');
  });

  it('says whether the session it ended was the current one', async () => {
    userSessions.endOne.mockResolvedValue(hashToken(TOKEN));

    expect(await sut.endOne(owner, TOKEN, 'some-id')).toEqual({ wasCurrent: true });
    expect(userSessions.endOne).toHaveBeenCalledWith(owner.id, 'some-id', 'signed out');
  });
});
