import type { CommentStatus } from '@parley/db';
import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { CommentChange } from '../comments/comment-change.js';
import { CommentChangePublisher } from '../comments/comment-change-publisher.js';
import { CommentChangeRecorder } from '../comments/comment-change-recorder.js';
import { CommentReadingRepository } from '../comments/comment-reading.repository.js';
import { AppError } from '../common/app-error.js';
import { bindable, commentRecord, executorsOf, fakeTransactions, user } from '../testing/fixtures.js';
import { unitModule, type DeepMocked } from '../testing/unit-module.js';
import { UsersRepository } from '../users/users.repository.js';
import { ModerationDecisionsService } from './moderation-decisions.service.js';
import { ModerationRepository } from './moderation.repository.js';

interface Locked {
  id: string;
  status: CommentStatus;
  featured: boolean;
  reportCount: number;
  authorId: string;
  storyId: string;
  replyCount: number;
  decidedBy: string | null;
  decidedByName: string | null;
}

const ADMIN = user({ id: 'admin-id', username: 'alice', role: 'admin' });
const MODERATOR = user({ id: 'moderator-id', username: 'mo', role: 'moderator' });
const OTHER_MODERATOR = user({ id: 'other-moderator-id', username: 'otto', role: 'moderator' });
const READER = user({ id: 'reader-id', username: 'rita', role: 'reader' });

function locked(overrides: Partial<Locked> = {}): Locked {
  return {
    id: 'comment-id',
    status: 'pending',
    featured: false,
    reportCount: 0,
    authorId: READER.id,
    storyId: 'story-id',
    replyCount: 0,
    decidedBy: null,
    decidedByName: null,
    ...overrides,
  };
}

describe(ModerationDecisionsService.name, () => {
  let sut: ModerationDecisionsService;
  let trx: object;
  let moderation: Record<'authorOf' | 'lockComment' | 'decide' | 'setFeatured' | 'resolveReports', Mock>;
  let users: { lockById: Mock };
  let changes: { record: Mock };
  let publisher: DeepMocked<CommentChangePublisher>;
  /** The row as findById reads it: the locked state, then what the writes made of it. */
  let row: Pick<Locked, 'status' | 'featured' | 'reportCount'>;

  beforeEach(async () => {
    const transactions = fakeTransactions();
    trx = transactions.trx;
    moderation = bindable({
      authorOf: vi.fn(async () => READER.id),
      lockComment: vi.fn(),
      decide: vi.fn(async (_id: string, status: CommentStatus, _by: string, featured?: boolean) => {
        row = { ...row, status, ...(featured !== undefined && { featured }) };
      }),
      setFeatured: vi.fn(async (_id: string, featured: boolean) => {
        row = { ...row, featured };
      }),
      resolveReports: vi.fn(async () => {
        row = { ...row, reportCount: 0 };
      }),
    });
    users = bindable({ lockById: vi.fn(async () => READER) });
    const comments = bindable({
      findById: vi.fn(async () => commentRecord({ authorId: READER.id, ...row })),
    });
    changes = bindable({ record: vi.fn(async (change: CommentChange) => ({ change, notified: [] })) });
    const module = await unitModule(ModerationDecisionsService, [
      transactions.provider,
      { provide: ModerationRepository, useValue: moderation },
      { provide: UsersRepository, useValue: users },
      { provide: CommentReadingRepository, useValue: comments },
      { provide: CommentChangeRecorder, useValue: changes },
    ]);
    sut = module.sut;
    publisher = module.get(CommentChangePublisher);
  });

  function given(current: Locked): void {
    moderation.lockComment.mockResolvedValue(current);
    row = { status: current.status, featured: current.featured, reportCount: current.reportCount };
  }

  /** The one change the decision recorded. */
  function recorded(): Extract<CommentChange, { cause: 'decided' }> {
    expect(changes.record).toHaveBeenCalledOnce();
    return changes.record.mock.calls[0]![0] as Extract<CommentChange, { cause: 'decided' }>;
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
    expect(changes.record).not.toHaveBeenCalled();
    expect(publisher.publish).not.toHaveBeenCalled();
  }

  it('answers comment/not_found for an unknown comment', async () => {
    moderation.authorOf.mockResolvedValue(undefined);

    expect((await failure(sut.decide('approve', 'missing', ADMIN))).code).toBe('comment/not_found');
    expectNothingWritten();
  });

  it('locks and writes inside the decision transaction, and records the change there', async () => {
    given(locked());

    await sut.decide('approve', 'comment-id', ADMIN);

    expect(moderation.lockComment).toHaveBeenCalledWith('comment-id');
    expect(moderation.decide).toHaveBeenCalledWith('comment-id', 'approved', ADMIN.id, false);
    expect(executorsOf(moderation.lockComment)).toEqual([trx]);
    expect(executorsOf(moderation.decide)).toEqual([trx]);
    expect(executorsOf(changes.record)).toEqual([trx]);
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

  it('approves a pending comment: records the decision with its moderator, then publishes it', async () => {
    given(locked({ status: 'pending' }));

    const response = await sut.decide('approve', 'comment-id', MODERATOR);

    expect(response.comment.status).toBe('approved');
    expect(response.queues).toEqual(['approved']);
    const change = recorded();
    expect(change).toMatchObject({
      cause: 'decided',
      before: { status: 'pending' },
      after: { status: 'approved' },
      actor: { id: MODERATOR.id, username: MODERATOR.username },
      decision: { kind: 'approve', reason: null },
    });
    expect(publisher.publish).toHaveBeenCalledWith({ change, notified: [] });
  });

  it('rejects a visible comment with a reason, unfeaturing it', async () => {
    given(locked({ status: 'published', featured: true }));

    const response = await sut.decide('reject', 'comment-id', MODERATOR, { reason: 'spam' });

    expect(moderation.decide).toHaveBeenCalledWith('comment-id', 'rejected', MODERATOR.id, false);
    expect(response.comment).toMatchObject({ status: 'rejected', featured: false });
    expect(recorded()).toMatchObject({
      before: { status: 'published', featured: true },
      after: { status: 'rejected', featured: false },
      decision: { kind: 'reject', reason: 'spam' },
    });
  });

  it('settles open reports with every approve, reject and feature', async () => {
    for (const decision of ['approve', 'reject', 'feature'] as const) {
      moderation.resolveReports.mockClear();
      given(locked({ status: 'pending', reportCount: 3 }));

      await sut.decide(decision, 'comment-id', MODERATOR, { reason: 'other' });

      expect(moderation.resolveReports, decision).toHaveBeenCalledWith('comment-id');
    }
  });

  it('re-approves an approved comment that was reported since: settles the reports and records the decision', async () => {
    given(
      locked({ status: 'approved', reportCount: 2, decidedBy: OTHER_MODERATOR.id, decidedByName: 'otto' }),
    );

    const response = await sut.decide('approve', 'comment-id', MODERATOR);

    expect(moderation.resolveReports).toHaveBeenCalledOnce();
    expect(recorded()).toMatchObject({
      before: { reportCount: 2 },
      after: { status: 'approved', reportCount: 0 },
    });
    expect(response.queues).toEqual(['approved']);
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
      expect(recorded().after.status).toBe('rejected');
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

  it('answers a moderator repeating their own decision with the comment, recording and publishing nothing', async () => {
    given(locked({ status: 'rejected', decidedBy: MODERATOR.id, decidedByName: 'mo' }));

    const response = await sut.decide('reject', 'comment-id', MODERATOR, { reason: 'spam' });

    expect(response).toMatchObject({ comment: { status: 'rejected' }, queues: ['rejected'] });
    expectNothingWritten();
  });

  it('lets a moderator change their own decision without override', async () => {
    given(locked({ status: 'rejected', decidedBy: MODERATOR.id, decidedByName: 'mo' }));

    const response = await sut.decide('approve', 'comment-id', MODERATOR);

    expect(response.comment.status).toBe('approved');
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
  });

  it('features and unfeatures a visible comment without a status change', async () => {
    given(locked({ status: 'approved', decidedBy: MODERATOR.id }));
    const featured = await sut.decide('feature', 'comment-id', MODERATOR);
    given(locked({ status: 'approved', featured: true, decidedBy: MODERATOR.id }));
    const unfeatured = await sut.decide('unfeature', 'comment-id', MODERATOR);

    expect(featured.comment.featured).toBe(true);
    expect(unfeatured.comment.featured).toBe(false);
    expect(moderation.setFeatured).toHaveBeenCalledWith('comment-id', true);
    expect(moderation.setFeatured).toHaveBeenCalledWith('comment-id', false);
    expect(moderation.decide).not.toHaveBeenCalled();
    expect(changes.record.mock.calls.map(([change]) => (change as CommentChange).after.status)).toEqual([
      'approved',
      'approved',
    ]);
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
