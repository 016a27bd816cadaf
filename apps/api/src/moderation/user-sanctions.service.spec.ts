import type { User } from '@parley/db';
import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { UserSessions } from '../auth/user-sessions.js';
import type { CommentChange } from '../comments/comment-change.js';
import { CommentChangePublisher } from '../comments/comment-change-publisher.js';
import { CommentChangeRecorder } from '../comments/comment-change-recorder.js';
import { CommentReadingRepository } from '../comments/comment-reading.repository.js';
import { bindable, commentRecord, executorsOf, fakeTransactions, user } from '../testing/fixtures.js';
import { unitModule, type DeepMocked } from '../testing/unit-module.js';
import { DomainEvents } from '../events/domain-events.js';
import { USER_STANDING_CHANGED } from '../users/user-standing.js';
import { UsersRepository } from '../users/users.repository.js';
import { WebhookEventsRepository } from '../webhooks/webhook-events.repository.js';
import { ModerationLogRepository } from '../moderation-log/moderation-log.repository.js';
import { ModerationRepository } from './moderation.repository.js';
import { UserSanctionsService } from './user-sanctions.service.js';

const ADMIN = user({ id: 'admin-id', username: 'alice', role: 'admin' });
const MODERATOR = user({ id: 'moderator-id', username: 'mo', role: 'moderator' });
const OTHER_MODERATOR = user({ id: 'other-moderator-id', username: 'otto', role: 'moderator' });
const READER = user({ id: 'reader-id', username: 'rita', role: 'reader' });

describe(UserSanctionsService.name, () => {
  let sut: UserSanctionsService;
  let trx: object;
  let users: Record<'findById' | 'lockById' | 'update', Mock>;
  let moderation: Record<'decide' | 'resolveReports' | 'undecidedOrVisibleOf', Mock>;
  let comments: { findManyByIds: Mock };
  let log: { record: Mock };
  let webhookEvents: { record: Mock };
  let changes: { record: Mock };
  let userSessions: DeepMocked<UserSessions>;
  let publisher: DeepMocked<CommentChangePublisher>;
  let domainEvents: DeepMocked<DomainEvents>;
  /** Statuses of the banned user's comments, as findManyByIds reads them. */
  let statuses: Map<string, 'published' | 'pending' | 'rejected'>;

  beforeEach(async () => {
    const transactions = fakeTransactions();
    trx = transactions.trx;
    const findById = vi.fn();
    // Unless a test says otherwise, the row read under the lock is the row read before it.
    users = bindable({ findById, lockById: vi.fn((id: string) => findById(id)), update: vi.fn() });
    statuses = new Map();
    moderation = bindable({
      decide: vi.fn(async (id: string) => void statuses.set(id, 'rejected')),
      resolveReports: vi.fn(async () => undefined),
      undecidedOrVisibleOf: vi.fn(async () => []),
    });
    comments = bindable({
      findManyByIds: vi.fn(async (ids: string[]) =>
        ids.map((id) => commentRecord({ id, authorId: READER.id, status: statuses.get(id) ?? 'published' })),
      ),
    });
    log = bindable({ record: vi.fn(async () => undefined) });
    webhookEvents = bindable({ record: vi.fn(async () => undefined) });
    changes = bindable({ record: vi.fn(async (change: CommentChange) => ({ change, notified: [] })) });
    const module = await unitModule(UserSanctionsService, [
      transactions.provider,
      { provide: UsersRepository, useValue: users },
      { provide: ModerationRepository, useValue: moderation },
      { provide: CommentReadingRepository, useValue: comments },
      { provide: ModerationLogRepository, useValue: log },
      { provide: WebhookEventsRepository, useValue: webhookEvents },
      { provide: CommentChangeRecorder, useValue: changes },
    ]);
    sut = module.sut;
    userSessions = module.get(UserSessions);
    publisher = module.get(CommentChangePublisher);
    domainEvents = module.get(DomainEvents);
  });

  it.each([
    { actor: MODERATOR, target: MODERATOR, case: 'themselves' },
    { actor: MODERATOR, target: OTHER_MODERATOR, case: 'another moderator' },
    { actor: MODERATOR, target: ADMIN, case: 'an admin' },
    { actor: ADMIN, target: ADMIN, case: 'an admin (themselves)' },
  ])('refuses a $actor.role acting on $case with moderation/protected_user', async ({ actor, target }) => {
    users.findById.mockResolvedValue(target);

    const results = await Promise.allSettled([
      sut.suspend(target.id, 24, actor),
      sut.ban(target.id, 'reason', false, actor),
      sut.unban(target.id, actor),
      sut.setPremod(target.id, true, actor),
    ]);

    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toMatchObject({ code: 'moderation/protected_user' });
    }
    expect(users.update).not.toHaveBeenCalled();
    expect(userSessions.endAll).not.toHaveBeenCalled();
    expect(log.record).not.toHaveBeenCalled();
  });

  it('lets an admin act on a moderator', async () => {
    users.findById.mockResolvedValue(OTHER_MODERATOR);
    users.update.mockResolvedValue({ ...OTHER_MODERATOR, alwaysPremod: true });

    const result = await sut.setPremod(OTHER_MODERATOR.id, true, ADMIN);

    expect(result.alwaysPremod).toBe(true);
  });

  it('tells whoever shows people of each change to their standing, after it is stored', async () => {
    users.findById.mockResolvedValue(READER);
    users.update.mockResolvedValue(READER);

    await sut.suspend(READER.id, 1, MODERATOR);
    await sut.unban(READER.id, MODERATOR);
    await sut.setPremod(READER.id, false, MODERATOR);
    await sut.setRole(READER.id, 'moderator', ADMIN);
    await sut.ban(READER.id, 'Spam', false, MODERATOR);

    expect(domainEvents.raise.mock.calls).toEqual(
      ['suspend', 'unban', 'premod_off', 'role_moderator', 'ban'].map((action) => [
        USER_STANDING_CHANGED,
        { userId: READER.id, action },
      ]),
    );
  });

  it('answers moderation/user_not_found for an unknown user', async () => {
    users.findById.mockResolvedValue(undefined);

    await expect(sut.suspend('missing', 1, MODERATOR)).rejects.toMatchObject({
      code: 'moderation/user_not_found',
    });
  });

  it('suspends for the given hours from now and logs when it ends', async () => {
    users.findById.mockResolvedValue(READER);
    users.update.mockImplementation(async (_id: string, changes: Partial<User>) => ({
      ...READER,
      ...changes,
    }));
    const before = Date.now();

    const result = await sut.suspend(READER.id, 24, MODERATOR);

    const until = new Date(result.suspendedUntil!).getTime();
    expect(result.status).toBe('suspended');
    expect(until).toBeGreaterThanOrEqual(before + 24 * 3600_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 24 * 3600_000);
    expect(log.record).toHaveBeenCalledWith(
      expect.objectContaining({ actorId: MODERATOR.id, action: 'suspend', userId: READER.id }),
    );
    expect(executorsOf(users.lockById)).toEqual([trx]);
    expect(executorsOf(users.update)).toEqual([trx]);
  });

  it('refuses with moderation/user_banned a suspension of a user banned while it waited for the lock', async () => {
    users.findById.mockResolvedValue(READER);
    users.lockById.mockResolvedValue({ ...READER, status: 'banned' });

    await expect(sut.suspend(READER.id, 24, MODERATOR)).rejects.toMatchObject({
      code: 'moderation/user_banned',
    });
    expect(users.update).not.toHaveBeenCalled();
    expect(log.record).not.toHaveBeenCalled();
  });

  it('bans: rejects what they wrote when asked, records each rejection, ends every session and socket', async () => {
    users.findById.mockResolvedValue(READER);
    users.update.mockResolvedValue({ ...READER, status: 'banned' });
    statuses.set('visible', 'published').set('held', 'pending');
    moderation.undecidedOrVisibleOf.mockResolvedValue([{ id: 'visible' }, { id: 'held' }]);

    await sut.ban(READER.id, 'troll', true, MODERATOR);

    expect(users.update).toHaveBeenCalledWith(READER.id, {
      status: 'banned',
      suspendedUntil: null,
      banReason: 'troll',
    });
    expect(moderation.decide).toHaveBeenCalledWith('visible', 'rejected', MODERATOR.id, false);
    expect(moderation.decide).toHaveBeenCalledWith('held', 'rejected', MODERATOR.id, false);
    expect(executorsOf(users.update)).toEqual([trx]);
    expect(executorsOf(users.lockById)).toEqual([trx]);
    expect(users.lockById.mock.invocationCallOrder[0]).toBeLessThan(
      users.update.mock.invocationCallOrder[0]!,
    );
    expect(executorsOf(moderation.decide)).toEqual([trx, trx]);
    const recorded = changes.record.mock.calls.map(([change]) => change as CommentChange);
    expect(
      recorded.map(({ cause, before, after, actor }) => [cause, before?.status, after.status, actor?.id]),
    ).toEqual([
      ['banned', 'published', 'rejected', MODERATOR.id],
      ['banned', 'pending', 'rejected', MODERATOR.id],
    ]);
    expect(executorsOf(changes.record)).toEqual([trx, trx]);
    expect(publisher.publish).toHaveBeenCalledWith(recorded.map((change) => ({ change, notified: [] })));
    expect(userSessions.endAll).toHaveBeenCalledWith(READER.id, 'banned');
    expect(log.record).toHaveBeenCalledWith(
      expect.objectContaining({ action: 'ban', reason: 'troll', details: { rejected: 2 } }),
    );
    expect(webhookEvents.record).toHaveBeenCalledWith('user.banned', {
      user: { id: READER.id, username: READER.username },
      reason: 'troll',
      rejectedComments: 2,
      moderator: { id: MODERATOR.id, username: MODERATOR.username },
    });
    expect(executorsOf(webhookEvents.record)).toEqual([trx]);
  });

  it('bans without touching their comments unless asked', async () => {
    users.findById.mockResolvedValue(READER);
    users.update.mockResolvedValue({ ...READER, status: 'banned' });

    await sut.ban(READER.id, 'troll', false, MODERATOR);

    expect(moderation.undecidedOrVisibleOf).not.toHaveBeenCalled();
    expect(moderation.decide).not.toHaveBeenCalled();
    expect(changes.record).not.toHaveBeenCalled();
    expect(userSessions.endAll).toHaveBeenCalledOnce();
  });
});
