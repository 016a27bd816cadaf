import type { CommentStatus, User } from '@parley/db';
import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { CommentRecord } from '../comments/comment-records.js';
import { AppError } from '../common/app-error.js';
import { AfterCommitTasks } from '../database/after-commit.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { CommentChanged } from '../comments/comment-events.js';
import { CommentEventsListener } from '../comments/comment-events.listener.js';
import { QueueAnnouncementsListener } from './queue-announcements.listener.js';
import { ModerationService } from './moderation.service.js';

interface Locked {
  id: string;
  status: CommentStatus;
  featured: boolean;
  reportCount: number;
  authorId: string;
  articleId: string;
  replyCount: number;
  decidedBy: string | null;
  decidedByName: string | null;
}

const ADMIN = user({ id: 'admin-id', username: 'alice', role: 'admin' });
const MODERATOR = user({ id: 'moderator-id', username: 'mo', role: 'moderator' });
const OTHER_MODERATOR = user({ id: 'other-moderator-id', username: 'otto', role: 'moderator' });
const READER = user({ id: 'reader-id', username: 'rita', role: 'reader' });

function user(overrides: Partial<User>): User {
  return {
    id: 'user-id',
    username: 'user',
    displayName: overrides.username ?? 'user',
    passwordHash: 'hash',
    email: null,
    emailVerifiedAt: null,
    role: 'reader',
    status: 'active',
    suspendedUntil: null,
    banReason: null,
    alwaysPremod: false,
    approvedCount: 0,
    rejectedCount: 0,
    deletedAt: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    ssoSubject: null,
    ...overrides,
  };
}

function locked(overrides: Partial<Locked> = {}): Locked {
  return {
    id: 'comment-id',
    status: 'pending',
    featured: false,
    reportCount: 0,
    authorId: READER.id,
    articleId: 'article-id',
    replyCount: 0,
    decidedBy: null,
    decidedByName: null,
    ...overrides,
  };
}

/**
 * A repository mock as the service gets it: `withExecutor` hands out a copy bound to that executor,
 * sharing the same mock functions, so a call through the copy records which executor it went to.
 */
function bindable<T extends Record<string, Mock>>(fns: T): T & { withExecutor: Mock } {
  const repository: T & { withExecutor: Mock } = {
    ...fns,
    withExecutor: vi.fn((executor: unknown) => ({ ...repository, executor })),
  };
  return repository;
}

/** The executor of each call: the transaction for calls made through a bound copy, else undefined. */
function executorsOf(fn: Mock): unknown[] {
  return fn.mock.contexts.map((context) => (context as { executor?: unknown } | undefined)?.executor);
}

function record(state: Pick<Locked, 'status' | 'featured' | 'reportCount'>): CommentRecord {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    id: 'comment-id',
    articleId: 'article-id',
    parentId: null,
    rootId: 'comment-id',
    depth: 0,
    authorId: READER.id,
    body: 'text',
    status: state.status,
    flags: [],
    matchedWords: [],
    featured: state.featured,
    editedAt: null,
    createdAt: at,
    updatedAt: at,
    replyCount: 0,
    reactionCount: 0,
    reportCount: state.reportCount,
    clientId: null,
    decidedBy: null,
    decidedAt: null,
    firstListedAt: null,
    authorUsername: READER.username,
    authorDisplayName: READER.displayName,
    authorRole: 'reader',
  };
}

describe(ModerationService.name, () => {
  let sut: ModerationService;
  let trx: object;
  let transactions: TransactionRunner;
  let moderation: {
    authorOf: Mock;
    lockComment: Mock;
    decide: Mock;
    setFeatured: Mock;
    resolveReports: Mock;
    undecidedOrVisibleOf: Mock;
  };
  let comments: { findById: Mock; findManyByIds: Mock };
  let users: { findById: Mock; lockById: Mock; update: Mock };
  let sessions: { deleteAllForUser: Mock };
  let log: { record: Mock };
  let queues: { announce: Mock };
  let threads: { changed: Mock; changedEverywhere: Mock };
  let events: { raise: Mock };
  let webhookEvents: { record: Mock };
  let realtime: Record<
    'commentCreated' | 'commentUpdated' | 'commentRemoved' | 'commentDecided' | 'endSessions' | 'endUser',
    Mock
  >;
  /** What the row looks like after the decision (what findById returns). */
  let after: Pick<Locked, 'status' | 'featured' | 'reportCount'>;

  beforeEach(() => {
    trx = { transaction: 'trx' };
    const db = { transaction: () => ({ execute: (work: (t: object) => Promise<unknown>) => work(trx) }) };
    transactions = new TransactionRunner(db as never);
    webhookEvents = bindable({ record: vi.fn(async () => undefined) });
    moderation = bindable({
      authorOf: vi.fn(async () => READER.id),
      lockComment: vi.fn(),
      decide: vi.fn(async (_id: string, status: CommentStatus, _by: string, featured?: boolean) => {
        after = { ...after, status, ...(featured !== undefined && { featured }) };
      }),
      setFeatured: vi.fn(async (_id: string, featured: boolean) => {
        after = { ...after, featured };
      }),
      resolveReports: vi.fn(async () => {
        after = { ...after, reportCount: 0 };
      }),
      undecidedOrVisibleOf: vi.fn(async () => []),
    });
    comments = {
      findById: vi.fn(async () => record(after)),
      // After a ban with rejectExisting, every comment it took is rejected.
      findManyByIds: vi.fn(async (ids: string[]) =>
        ids.map((id) => ({ ...record({ status: 'rejected', featured: false, reportCount: 0 }), id })),
      ),
    };
    const findById = vi.fn();
    // Unless a test says otherwise, the row read under the lock is the row read before it.
    users = bindable({ findById, lockById: vi.fn((id: string) => findById(id)), update: vi.fn() });
    sessions = { deleteAllForUser: vi.fn(async () => ['session-hash']) };
    log = bindable({ record: vi.fn(async () => undefined) });
    queues = { announce: vi.fn(async () => undefined) };
    threads = { changed: vi.fn(async () => undefined), changedEverywhere: vi.fn(async () => undefined) };
    realtime = {
      commentCreated: vi.fn(),
      commentUpdated: vi.fn(),
      commentRemoved: vi.fn(),
      commentDecided: vi.fn(),
      endSessions: vi.fn(),
      endUser: vi.fn(),
    };
    // The real listener decides the live events, so these tests read as the behaviour they check.
    const listener = new CommentEventsListener(realtime as never, comments as never);
    const announcements = new QueueAnnouncementsListener(queues as never);
    const afterCommit = new AfterCommitTasks();
    events = {
      raise: vi.fn((_name: string, payload: CommentChanged) => {
        afterCommit.track(listener.onCommentChanged(payload));
        afterCommit.track(announcements.onCommentChanged(payload));
      }),
    };
    sut = new ModerationService(
      transactions,
      moderation as never,
      comments as never,
      users as never,
      sessions as never,
      {} as never,
      {} as never,
      {} as never,
      log as never,
      realtime as never,
      events as never,
      threads as never,
      webhookEvents as never,
      bindable({ record: vi.fn(async () => []) }) as never,
      { announce: vi.fn() } as never,
    );
  });

  function given(current: Locked): void {
    moderation.lockComment.mockResolvedValue(current);
    after = { status: current.status, featured: current.featured, reportCount: current.reportCount };
  }

  async function failure(work: Promise<unknown>): Promise<AppError> {
    const error = await work.then(
      () => {
        throw new Error('expected the decision to be refused');
      },
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }

  function expectNothingWritten(): void {
    expect(moderation.decide).not.toHaveBeenCalled();
    expect(moderation.setFeatured).not.toHaveBeenCalled();
    expect(moderation.resolveReports).not.toHaveBeenCalled();
    expect(log.record).not.toHaveBeenCalled();
  }

  function expectNothingAnnounced(): void {
    for (const emit of Object.values(realtime)) expect(emit).not.toHaveBeenCalled();
    expect(queues.announce).not.toHaveBeenCalled();
  }

  describe('decide', () => {
    it('answers comment/not_found for an unknown comment', async () => {
      moderation.authorOf.mockResolvedValue(undefined);
      moderation.lockComment.mockResolvedValue(undefined);

      expect((await failure(sut.decide('approve', 'missing', ADMIN))).code).toBe('comment/not_found');
      expectNothingWritten();
    });

    it('locks the row inside the decision transaction', async () => {
      given(locked());

      await sut.decide('approve', 'comment-id', ADMIN);

      expect(moderation.lockComment).toHaveBeenCalledWith('comment-id');
      expect(moderation.decide).toHaveBeenCalledWith('comment-id', 'approved', ADMIN.id, false);
      expect(log.record).toHaveBeenCalledWith(expect.objectContaining({ actorId: ADMIN.id }));
      expect(executorsOf(moderation.lockComment)).toEqual([trx]);
      expect(executorsOf(moderation.decide)).toEqual([trx]);
      expect(executorsOf(log.record)).toEqual([trx]);
    });

    it('writes the comment.decided webhook event in the decision transaction', async () => {
      given(locked({ status: 'pending' }));

      await sut.decide('approve', 'comment-id', MODERATOR);

      expect(webhookEvents.record).toHaveBeenCalledWith(
        'comment.decided',
        expect.objectContaining({ decision: 'approve', from: 'pending', to: 'approved' }),
      );
      expect(executorsOf(webhookEvents.record)).toEqual([trx]);
    });

    it("locks the author's row before the comment's, the order posting takes them in", async () => {
      given(locked());

      await sut.decide('approve', 'comment-id', ADMIN);

      expect(users.lockById).toHaveBeenCalledWith(READER.id);
      expect(executorsOf(users.lockById)).toEqual([trx]);
      expect(users.lockById.mock.invocationCallOrder[0]).toBeLessThan(
        moderation.lockComment.mock.invocationCallOrder[0]!,
      );
    });

    it('approves a pending comment: logs it, shows it to readers, tells the author and the moderation room', async () => {
      given(locked({ status: 'pending' }));

      const response = await sut.decide('approve', 'comment-id', MODERATOR);

      expect(response.comment.status).toBe('approved');
      expect(response.queues).toEqual(['approved']);
      expect(log.record).toHaveBeenCalledWith({
        actorId: MODERATOR.id,
        action: 'approve',
        commentId: 'comment-id',
        userId: READER.id,
        articleId: 'article-id',
        reason: null,
        details: { from: 'pending', to: 'approved' },
      });
      // No socket is spared: the author did not post it just now.
      expect(realtime.commentCreated).toHaveBeenCalledWith(response.comment, undefined);
      expect(realtime.commentDecided).toHaveBeenCalledWith(READER.id, response.comment);
      expect(realtime.commentRemoved).not.toHaveBeenCalled();
      expect(queues.announce).toHaveBeenCalledWith('comment-id', ['pending']);
    });

    it('rejects a visible comment with a reason: unfeatures it and removes it from readers', async () => {
      given(locked({ status: 'published', featured: true }));

      const response = await sut.decide('reject', 'comment-id', MODERATOR, { reason: 'spam' });

      expect(moderation.decide).toHaveBeenCalledWith('comment-id', 'rejected', MODERATOR.id, false);
      expect(response.comment).toMatchObject({ status: 'rejected', featured: false });
      expect(log.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'reject', reason: 'spam' }));
      expect(realtime.commentRemoved).toHaveBeenCalledWith('article-id', 'comment-id');
      expect(realtime.commentDecided).toHaveBeenCalledWith(READER.id, response.comment);
      expect(queues.announce).toHaveBeenCalledWith('comment-id', ['unmoderated']);
    });

    it('rejects a pending comment without telling readers, who never saw it', async () => {
      given(locked({ status: 'pending' }));

      await sut.decide('reject', 'comment-id', MODERATOR, { reason: 'abusive' });

      expect(realtime.commentRemoved).not.toHaveBeenCalled();
      expect(realtime.commentCreated).not.toHaveBeenCalled();
      expect(realtime.commentDecided).toHaveBeenCalledOnce();
    });

    it('settles open reports with every approve, reject and feature', async () => {
      for (const decision of ['approve', 'reject', 'feature'] as const) {
        moderation.resolveReports.mockClear();
        given(locked({ status: 'pending', reportCount: 3 }));

        await sut.decide(decision, 'comment-id', MODERATOR, { reason: 'other' });

        expect(moderation.resolveReports, decision).toHaveBeenCalledWith('comment-id');
      }
    });

    it('re-approves an approved comment that was reported since: settles the reports and logs the decision', async () => {
      given(
        locked({ status: 'approved', reportCount: 2, decidedBy: OTHER_MODERATOR.id, decidedByName: 'otto' }),
      );

      const response = await sut.decide('approve', 'comment-id', MODERATOR);

      expect(moderation.resolveReports).toHaveBeenCalledOnce();
      expect(log.record).toHaveBeenCalledOnce();
      expect(response.queues).toEqual(['approved']);
      expect(realtime.commentUpdated).toHaveBeenCalledOnce();
      expect(realtime.commentDecided).not.toHaveBeenCalled();
    });

    describe('when another moderator already decided', () => {
      it.each([
        { status: 'approved' as const, decision: 'reject' as const },
        { status: 'rejected' as const, decision: 'approve' as const },
        { status: 'approved' as const, decision: 'approve' as const },
      ])(
        'refuses to $decision a comment $status by them with 409 naming them',
        async ({ status, decision }) => {
          given(locked({ status, decidedBy: OTHER_MODERATOR.id, decidedByName: 'otto' }));

          const error = await failure(sut.decide(decision, 'comment-id', MODERATOR, { reason: 'spam' }));

          expect(error.code).toBe('moderation/already_decided');
          expect(error.status).toBe(409);
          expect(error.message).toBe(`otto already ${status} this comment.`);
          expect(error.details).toEqual({ decidedBy: 'otto', status });
          expectNothingWritten();
          expectNothingAnnounced();
        },
      );

      it('reverses it with override', async () => {
        given(locked({ status: 'approved', decidedBy: OTHER_MODERATOR.id, decidedByName: 'otto' }));

        const response = await sut.decide('reject', 'comment-id', MODERATOR, {
          reason: 'spam',
          override: true,
        });

        expect(response.comment.status).toBe('rejected');
        expect(moderation.decide).toHaveBeenCalledWith('comment-id', 'rejected', MODERATOR.id, false);
        expect(log.record).toHaveBeenCalledOnce();
        expect(realtime.commentRemoved).toHaveBeenCalledOnce();
      });

      it('still lets them feature or unfeature it', async () => {
        given(locked({ status: 'approved', decidedBy: OTHER_MODERATOR.id, decidedByName: 'otto' }));

        const response = await sut.decide('feature', 'comment-id', MODERATOR);

        expect(response.comment.featured).toBe(true);
      });

      it('names "Another moderator" when the decider account is gone', async () => {
        given(locked({ status: 'approved', decidedBy: OTHER_MODERATOR.id, decidedByName: null }));

        const error = await failure(sut.decide('reject', 'comment-id', MODERATOR, { reason: 'spam' }));

        expect(error.message).toBe('Another moderator already approved this comment.');
      });
    });

    it('answers a moderator repeating their own decision with the comment, writing and announcing nothing', async () => {
      given(locked({ status: 'rejected', decidedBy: MODERATOR.id, decidedByName: 'mo' }));

      const response = await sut.decide('reject', 'comment-id', MODERATOR, { reason: 'spam' });

      expect(response).toMatchObject({ comment: { status: 'rejected' }, queues: ['rejected'] });
      expectNothingWritten();
      expectNothingAnnounced();
    });

    it('lets a moderator change their own decision without override', async () => {
      given(locked({ status: 'rejected', decidedBy: MODERATOR.id, decidedByName: 'mo' }));

      const response = await sut.decide('approve', 'comment-id', MODERATOR);

      expect(response.comment.status).toBe('approved');
      expect(realtime.commentCreated).toHaveBeenCalledOnce();
    });

    it('does not treat the pipeline’s automatic rejection as a moderator’s decision', async () => {
      given(locked({ status: 'rejected', decidedBy: null }));

      const response = await sut.decide('approve', 'comment-id', MODERATOR);

      expect(response.comment.status).toBe('approved');
    });

    it('features a pending comment, which approves it', async () => {
      given(locked({ status: 'pending' }));

      const response = await sut.decide('feature', 'comment-id', MODERATOR);

      expect(moderation.decide).toHaveBeenCalledWith('comment-id', 'approved', MODERATOR.id, true);
      expect(response.comment).toMatchObject({ status: 'approved', featured: true });
      expect(realtime.commentCreated).toHaveBeenCalledOnce();
    });

    it('features and unfeatures a visible comment with comment:updated only', async () => {
      given(locked({ status: 'approved', decidedBy: MODERATOR.id }));

      const featured = await sut.decide('feature', 'comment-id', MODERATOR);
      given(locked({ status: 'approved', featured: true, decidedBy: MODERATOR.id }));
      const unfeatured = await sut.decide('unfeature', 'comment-id', MODERATOR);

      expect(featured.comment.featured).toBe(true);
      expect(unfeatured.comment.featured).toBe(false);
      expect(moderation.setFeatured).toHaveBeenCalledWith('comment-id', true);
      expect(moderation.setFeatured).toHaveBeenCalledWith('comment-id', false);
      expect(realtime.commentUpdated).toHaveBeenCalledTimes(2);
      expect(realtime.commentDecided).not.toHaveBeenCalled();
      expect(log.record).toHaveBeenCalledWith(expect.objectContaining({ action: 'unfeature' }));
    });

    it('answers unfeaturing a comment that is not featured without writing anything', async () => {
      given(locked({ status: 'published' }));

      await sut.decide('unfeature', 'comment-id', MODERATOR);

      expectNothingWritten();
    });

    it.each([
      { decision: 'feature' as const, status: 'rejected' as const },
      { decision: 'unfeature' as const, status: 'rejected' as const },
      { decision: 'approve' as const, status: 'deleted' as const },
      { decision: 'reject' as const, status: 'deleted' as const },
      { decision: 'feature' as const, status: 'deleted' as const },
    ])('refuses to $decision a $status comment with comment/not_editable', async ({ decision, status }) => {
      given(locked({ status }));

      const error = await failure(sut.decide(decision, 'comment-id', MODERATOR, { reason: 'spam' }));

      expect(error.code).toBe('comment/not_editable');
      expectNothingWritten();
    });
  });

  describe('user actions', () => {
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
      expect(sessions.deleteAllForUser).not.toHaveBeenCalled();
      expect(log.record).not.toHaveBeenCalled();
    });

    it('lets an admin act on a moderator', async () => {
      users.findById.mockResolvedValue(OTHER_MODERATOR);
      users.update.mockResolvedValue({ ...OTHER_MODERATOR, alwaysPremod: true });

      const result = await sut.setPremod(OTHER_MODERATOR.id, true, ADMIN);

      expect(result.alwaysPremod).toBe(true);
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

    it('bans: ends every session and live connection, and rejects what they wrote when asked', async () => {
      users.findById.mockResolvedValue(READER);
      users.update.mockResolvedValue({ ...READER, status: 'banned' });
      moderation.undecidedOrVisibleOf.mockResolvedValue([
        { id: 'visible', articleId: 'article-id', status: 'published', reportCount: 0, replyCount: 0 },
        { id: 'held', articleId: 'article-id', status: 'pending', reportCount: 0, replyCount: 0 },
      ]);

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
      expect(realtime.endSessions).toHaveBeenCalledWith(['session-hash'], 'banned');
      expect(realtime.endUser).toHaveBeenCalledWith(READER.id, 'banned');
      expect(realtime.commentRemoved).toHaveBeenCalledOnce();
      expect(realtime.commentRemoved).toHaveBeenCalledWith('article-id', 'visible');
      expect(queues.announce).toHaveBeenCalledWith('visible', ['unmoderated']);
      expect(queues.announce).toHaveBeenCalledWith('held', ['pending']);
      expect(log.record).toHaveBeenCalledWith(
        expect.objectContaining({ action: 'ban', reason: 'troll', details: { rejected: 2 } }),
      );
    });

    it('bans without touching their comments unless asked', async () => {
      users.findById.mockResolvedValue(READER);
      users.update.mockResolvedValue({ ...READER, status: 'banned' });

      await sut.ban(READER.id, 'troll', false, MODERATOR);

      expect(moderation.undecidedOrVisibleOf).not.toHaveBeenCalled();
      expect(moderation.decide).not.toHaveBeenCalled();
      expect(realtime.endUser).toHaveBeenCalledOnce();
    });
  });
});
