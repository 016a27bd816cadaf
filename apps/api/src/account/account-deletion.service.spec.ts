import { RateLimiterMemory } from 'rate-limiter-flexible';
import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { hashPassword } from '../auth/password.js';
import { UserSessions } from '../auth/user-sessions.js';
import type { CommentChange } from '../comments/comment-change.js';
import { CommentChangePublisher } from '../comments/comment-change-publisher.js';
import { CommentChangeRecorder } from '../comments/comment-change-recorder.js';
import { CommentReadingRepository } from '../comments/comment-reading.repository.js';
import type { CommentRecord } from '../comments/comment-records.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { RateLimiterFactory } from '../common/rate-limiter.js';
import { ModerationLogRepository } from '../moderation-log/moderation-log.repository.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import {
  bindable,
  commentRecord,
  executorsOf,
  fakeTransactions,
  FIXTURE_TIME,
  user,
} from '../testing/fixtures.js';
import { unitModule, type DeepMocked } from '../testing/unit-module.js';
import { UsersRepository } from '../users/users.repository.js';
import {
  AccountDeletionService,
  DELETIONS_PER_HOUR,
  FREE_USERNAME,
  USERNAME_HELD_MS,
} from './account-deletion.service.js';
import { AccountRepository } from './account.repository.js';
import { SsoConfirmation } from './sso-confirmation.js';

const PASSWORD = 'the-password-1';
const passwordHash = hashPassword(PASSWORD);
const ADMIN = user({ id: 'admin-id', username: 'alice', role: 'admin' });
const NOW = new Date(FIXTURE_TIME.getTime() + 3600_000);

describe(AccountDeletionService.name, () => {
  let sut: AccountDeletionService;
  let trx: object;
  let owner: ReturnType<typeof user>;
  let account: Record<'liveCommentIds' | 'placeholder' | 'removeReactions' | 'markDeleted', Mock>;
  let users: { lockById: Mock; findById: Mock };
  let log: { record: Mock };
  let outbox: { enqueue: Mock };
  let changes: { record: Mock };
  let publisher: DeepMocked<CommentChangePublisher>;
  let userSessions: DeepMocked<UserSessions>;
  let sso: DeepMocked<SsoConfirmation>;
  /** The owner's comments by id, as findManyByIds reads them: live, then what `placeholder` made of them. */
  let rows: Map<string, CommentRecord>;

  beforeEach(async () => {
    const transactions = fakeTransactions();
    trx = transactions.trx;
    owner = user({ id: 'owner-id', username: 'rita', passwordHash: await passwordHash });
    rows = new Map(
      ['first-id', 'second-id'].map((id) => [id, commentRecord({ id, rootId: id, authorId: owner.id })]),
    );
    account = bindable({
      liveCommentIds: vi.fn(async () => [...rows.keys()]),
      placeholder: vi.fn(async (ids: string[]) => {
        for (const id of ids) rows.set(id, { ...rows.get(id)!, status: 'deleted', body: '' });
      }),
      removeReactions: vi.fn(async () => undefined),
      markDeleted: vi.fn(async () => undefined),
    });
    users = bindable({ lockById: vi.fn(async () => owner), findById: vi.fn(async () => owner) });
    const comments = bindable({
      findManyByIds: vi.fn(async (ids: string[]) => ids.flatMap((id) => rows.get(id) ?? [])),
    });
    log = bindable({ record: vi.fn(async () => undefined) });
    outbox = bindable({ enqueue: vi.fn(async () => undefined) });
    changes = bindable({ record: vi.fn(async (change: CommentChange) => ({ change, notified: [] })) });
    const limiters: Pick<RateLimiterFactory, 'create'> = {
      create: (name, points, duration) => new RateLimiterMemory({ keyPrefix: name, points, duration }),
    };
    const module = await unitModule(AccountDeletionService, [
      transactions.provider,
      { provide: AccountRepository, useValue: account },
      { provide: UsersRepository, useValue: users },
      { provide: CommentReadingRepository, useValue: comments },
      { provide: ModerationLogRepository, useValue: log },
      { provide: OutboxRepository, useValue: outbox },
      { provide: CommentChangeRecorder, useValue: changes },
      { provide: RateLimiterFactory, useValue: limiters },
    ]);
    sut = module.sut;
    publisher = module.get(CommentChangePublisher);
    userSessions = module.get(UserSessions);
    sso = module.get(SsoConfirmation);
    module.get(Clock).now.mockReturnValue(NOW);
  });

  async function failure(work: Promise<unknown>): Promise<AppError> {
    const error = await work.then(
      () => {
        throw new Error('expected the deletion to be refused');
      },
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }

  function expectNothingDeleted(): void {
    expect(account.placeholder).not.toHaveBeenCalled();
    expect(account.markDeleted).not.toHaveBeenCalled();
    expect(changes.record).not.toHaveBeenCalled();
    expect(userSessions.endAll).not.toHaveBeenCalled();
    expect(publisher.publish).not.toHaveBeenCalled();
  }

  describe('deleteOwn', () => {
    it('turns every live comment into a placeholder and records each as deleted by the owner', async () => {
      await sut.deleteOwn(owner, { password: PASSWORD });

      expect(account.placeholder).toHaveBeenCalledWith(['first-id', 'second-id']);
      expect(changes.record.mock.calls.map(([change]) => change as CommentChange)).toEqual([
        expect.objectContaining({
          cause: 'deleted',
          before: expect.objectContaining({ id: 'first-id', status: 'published', body: 'text' }),
          after: expect.objectContaining({ id: 'first-id', status: 'deleted', body: '' }),
          actor: owner,
        }),
        expect.objectContaining({
          cause: 'deleted',
          before: expect.objectContaining({ id: 'second-id', status: 'published' }),
          after: expect.objectContaining({ id: 'second-id', status: 'deleted' }),
        }),
      ]);
      expect(executorsOf(changes.record)).toEqual([trx, trx]);
    });

    it('drops the reactions and marks the account deleted with a password no one knows, in one transaction', async () => {
      await sut.deleteOwn(owner, { password: PASSWORD });

      expect(users.lockById).toHaveBeenCalledWith(owner.id);
      expect(account.removeReactions).toHaveBeenCalledWith(owner.id);
      expect(account.markDeleted).toHaveBeenCalledWith(owner.id, expect.any(String), NOW);
      const unusable = account.markDeleted.mock.calls[0]![1] as string;
      expect(unusable).not.toBe(owner.passwordHash);
      for (const write of [
        users.lockById,
        account.placeholder,
        account.removeReactions,
        account.markDeleted,
      ]) {
        expect(executorsOf(write)).toEqual([trx]);
      }
      // The author's row first, as posting takes it.
      expect(users.lockById.mock.invocationCallOrder[0]).toBeLessThan(
        account.liveCommentIds.mock.invocationCallOrder[0]!,
      );
    });

    it('logs the deletion as the owner’s and holds the username for 30 days through the outbox', async () => {
      await sut.deleteOwn(owner, { password: PASSWORD });

      expect(log.record).toHaveBeenCalledWith({
        actorId: owner.id,
        action: 'delete_account',
        userId: owner.id,
        details: { by: 'owner', comments: 2 },
      });
      expect(outbox.enqueue).toHaveBeenCalledWith({
        kind: FREE_USERNAME,
        payload: { userId: owner.id },
        runAfter: new Date(NOW.getTime() + USERNAME_HELD_MS),
        dedupeKey: `${FREE_USERNAME}:${owner.id}`,
      });
      expect(executorsOf(log.record)).toEqual([trx]);
      expect(executorsOf(outbox.enqueue)).toEqual([trx]);
    });

    it('ends every session and socket, then publishes the placeholders, after the transaction', async () => {
      await sut.deleteOwn(owner, { password: PASSWORD });

      expect(userSessions.endAll).toHaveBeenCalledExactlyOnceWith(owner.id, 'account deleted');
      expect(publisher.publish).toHaveBeenCalledOnce();
      const published = publisher.publish.mock.calls[0]![0] as readonly { change: CommentChange }[];
      expect(published.map(({ change }) => change.after.id)).toEqual(['first-id', 'second-id']);
      const lastRecord = Math.max(...changes.record.mock.invocationCallOrder);
      expect(userSessions.endAll.mock.invocationCallOrder[0]).toBeGreaterThan(lastRecord);
      expect(publisher.publish.mock.invocationCallOrder[0]).toBeGreaterThan(lastRecord);
    });

    it('records no change for a comment that is gone after the placeholder step', async () => {
      account.placeholder.mockImplementation(async () => {
        rows.set('first-id', { ...rows.get('first-id')!, status: 'deleted', body: '' });
        rows.delete('second-id');
      });

      await sut.deleteOwn(owner, { password: PASSWORD });

      expect(changes.record).toHaveBeenCalledOnce();
      expect(changes.record.mock.calls[0]![0]).toMatchObject({ after: { id: 'first-id' } });
    });

    it('deletes an account with no comments: nothing recorded, an empty publish', async () => {
      rows.clear();

      await sut.deleteOwn(owner, { password: PASSWORD });

      expect(account.markDeleted).toHaveBeenCalledOnce();
      expect(changes.record).not.toHaveBeenCalled();
      expect(userSessions.endAll).toHaveBeenCalledOnce();
      expect(publisher.publish).toHaveBeenCalledWith([]);
    });

    it('refuses a wrong password with account/confirmation_failed', async () => {
      const error = await failure(sut.deleteOwn(owner, { password: 'not-the-password' }));

      expect(error.code).toBe('account/confirmation_failed');
      expectNothingDeleted();
    });

    it('refuses a password for an SSO account, which has none', async () => {
      const ssoOwner = user({ id: 'owner-id', passwordHash: null, ssoSubject: 'sub-1' });

      const error = await failure(sut.deleteOwn(ssoOwner, { password: PASSWORD }));

      expect(error.code).toBe('account/confirmation_failed');
      expectNothingDeleted();
    });

    it('deletes an SSO account confirmed by a fresh token, and refuses one the token does not confirm', async () => {
      const ssoOwner = user({ id: 'owner-id', passwordHash: null, ssoSubject: 'sub-1' });
      sso.confirms.mockResolvedValueOnce(false);

      const error = await failure(sut.deleteOwn(ssoOwner, { ssoToken: 'stale' }));
      expect(error.code).toBe('account/confirmation_failed');
      expectNothingDeleted();

      sso.confirms.mockResolvedValueOnce(true);
      await sut.deleteOwn(ssoOwner, { ssoToken: 'fresh' });
      expect(sso.confirms).toHaveBeenLastCalledWith(ssoOwner, 'fresh');
      expect(account.markDeleted).toHaveBeenCalledOnce();
    });

    it(`refuses the attempt after ${DELETIONS_PER_HOUR} in an hour with account/rate_limited`, async () => {
      for (let attempt = 0; attempt < DELETIONS_PER_HOUR; attempt++) {
        sso.confirms.mockResolvedValueOnce(false);
        await failure(sut.deleteOwn(owner, { ssoToken: 'stale' }));
      }

      const error = await failure(sut.deleteOwn(owner, { password: PASSWORD }));

      expect(error.code).toBe('account/rate_limited');
      expectNothingDeleted();
    });

    it('refuses an account deleted meanwhile with moderation/user_not_found', async () => {
      users.lockById.mockResolvedValue(user({ id: 'owner-id', deletedAt: NOW }));

      const error = await failure(sut.deleteOwn(owner, { password: PASSWORD }));

      expect(error.code).toBe('moderation/user_not_found');
      expectNothingDeleted();
    });
  });

  describe('deleteByAdmin', () => {
    it('deletes the account, logs it as the admin’s, and records the placeholders with the admin as actor', async () => {
      await sut.deleteByAdmin(owner.id, ADMIN);

      expect(account.markDeleted).toHaveBeenCalledWith(owner.id, expect.any(String), NOW);
      expect(log.record).toHaveBeenCalledWith(
        expect.objectContaining({
          actorId: ADMIN.id,
          userId: owner.id,
          details: { by: 'admin', comments: 2 },
        }),
      );
      expect(changes.record.mock.calls.map(([change]) => (change as CommentChange).actor)).toEqual([
        ADMIN,
        ADMIN,
      ]);
      expect(userSessions.endAll).toHaveBeenCalledExactlyOnceWith(owner.id, 'account deleted');
    });

    it.each([
      { name: 'an unknown account', target: undefined, code: 'moderation/user_not_found' },
      {
        name: 'a deleted account',
        target: user({ id: 'owner-id', deletedAt: NOW }),
        code: 'moderation/user_not_found',
      },
      {
        name: 'another admin',
        target: user({ id: 'owner-id', role: 'admin' }),
        code: 'moderation/protected_user',
      },
    ])('refuses $name with $code', async ({ target, code }) => {
      users.findById.mockResolvedValue(target);

      expect((await failure(sut.deleteByAdmin('owner-id', ADMIN))).code).toBe(code);
      expectNothingDeleted();
    });

    it('refuses an admin deleting their own account this way, whatever role their row holds now', async () => {
      // By id, not only by role: a row demoted since the request was authenticated is still theirs.
      users.findById.mockResolvedValue(user({ id: ADMIN.id, role: 'reader' }));

      expect((await failure(sut.deleteByAdmin(ADMIN.id, ADMIN))).code).toBe('moderation/protected_user');
      expectNothingDeleted();
    });
  });
});
