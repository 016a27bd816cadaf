import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { CommentChange } from '../comments/comment-change.js';
import { CommentChangePublisher } from '../comments/comment-change-publisher.js';
import { CommentChangeRecorder } from '../comments/comment-change-recorder.js';
import { CommentReadingRepository } from '../comments/comment-reading.repository.js';
import type { CommentRecord } from '../comments/comment-records.js';
import { AppError } from '../common/app-error.js';
import { ModerationLogRepository } from '../moderation-log/moderation-log.repository.js';
import { bindable, commentRecord, fakeTransactions, FIXTURE_TIME, user } from '../testing/fixtures.js';
import { unitModule, type DeepMocked } from '../testing/unit-module.js';
import { UsersRepository } from '../users/users.repository.js';
import { ImportClaimsRepository, type LockedImport } from './import-claims.repository.js';
import { ImportClaimsService } from './import-claims.service.js';

const ADDRESS = 'claire@example.test';

describe(ImportClaimsService.name, () => {
  let sut: ImportClaimsService;
  let reader: ReturnType<typeof user>;
  let imported: LockedImport | undefined;
  let claims: Record<'claimableFor' | 'lockImported' | 'reassignComments' | 'moveTallies' | 'retire', Mock>;
  let log: { record: Mock };
  let changes: { record: Mock };
  let publisher: DeepMocked<CommentChangePublisher>;
  /** The comments as the claim leaves them: the reader's. */
  let rows: Map<string, CommentRecord>;

  beforeEach(async () => {
    const transactions = fakeTransactions();
    reader = user({
      id: 'reader-id',
      username: 'claire',
      displayName: 'Claire Now',
      email: 'Claire@Example.test',
      emailVerifiedAt: FIXTURE_TIME,
    });
    imported = {
      id: 'imported-id',
      importSource: 'disqus',
      importEmail: ADDRESS,
      username: 'disqus-abc',
      displayName: 'Claire Source',
      claimedAt: null,
      approvedCount: 1,
      rejectedCount: 0,
    };
    rows = new Map(
      ['first-id', 'second-id'].map((id) => [
        id,
        commentRecord({ id, rootId: id, authorId: reader.id, authorDisplayName: 'Claire Now' }),
      ]),
    );
    claims = bindable({
      claimableFor: vi.fn(async () => []),
      lockImported: vi.fn(async () => imported),
      reassignComments: vi.fn(async () => [...rows.keys()]),
      moveTallies: vi.fn(async () => undefined),
      retire: vi.fn(async () => undefined),
    });
    const users = bindable({ lockById: vi.fn(async () => reader) });
    const comments = bindable({
      findManyByIds: vi.fn(async (ids: string[]) => ids.flatMap((id) => rows.get(id) ?? [])),
    });
    log = bindable({ record: vi.fn(async () => undefined) });
    changes = bindable({ record: vi.fn(async (change: CommentChange) => ({ change, notified: [] })) });
    const module = await unitModule(ImportClaimsService, [
      transactions.provider,
      { provide: ImportClaimsRepository, useValue: claims },
      { provide: UsersRepository, useValue: users },
      { provide: CommentReadingRepository, useValue: comments },
      { provide: ModerationLogRepository, useValue: log },
      { provide: CommentChangeRecorder, useValue: changes },
    ]);
    sut = module.sut;
    publisher = module.get(CommentChangePublisher);
  });

  async function refusal(work: Promise<unknown>): Promise<string> {
    const error = await work.then(
      () => {
        throw new Error('expected the claim to be refused');
      },
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(claims.reassignComments).not.toHaveBeenCalled();
    expect(publisher.publish).not.toHaveBeenCalled();
    return (error as AppError).code;
  }

  it('offers nothing while the address is unconfirmed, without asking the database', async () => {
    const offers = await sut.offers({ ...reader, emailVerifiedAt: null });

    expect(offers).toEqual({ claims: [] });
    expect(claims.claimableFor).not.toHaveBeenCalled();
  });

  it('moves the comments, hands over the tallies, retires the account, logs once and publishes each comment', async () => {
    const result = await sut.claim(reader, 'imported-id');

    expect(result).toEqual({ claimed: 2 });
    expect(claims.reassignComments).toHaveBeenCalledWith('imported-id', 'reader-id');
    expect(claims.moveTallies).toHaveBeenCalledWith(imported, 'reader-id');
    expect(claims.retire).toHaveBeenCalledWith('imported-id', 'reader-id');
    expect(log.record).toHaveBeenCalledExactlyOnceWith({
      actorId: 'reader-id',
      action: 'claim_import',
      userId: 'imported-id',
      details: { source: 'disqus', name: 'Claire Source', comments: 2 },
    });
    const recorded = changes.record.mock.calls.map(([change]) => change as CommentChange);
    expect(recorded).toEqual([
      expect.objectContaining({
        cause: 'claimed',
        before: expect.objectContaining({
          id: 'first-id',
          authorId: 'imported-id',
          authorDisplayName: 'Claire Source',
        }),
        after: expect.objectContaining({
          id: 'first-id',
          authorId: 'reader-id',
          authorDisplayName: 'Claire Now',
        }),
      }),
      expect.objectContaining({ cause: 'claimed', after: expect.objectContaining({ id: 'second-id' }) }),
    ]);
    expect(publisher.publish).toHaveBeenCalledOnce();
  });

  it('refuses a reader whose address is not confirmed (read under the lock, not from the session)', async () => {
    reader = { ...reader, emailVerifiedAt: null };

    expect(await refusal(sut.claim({ ...reader, emailVerifiedAt: FIXTURE_TIME }, 'imported-id'))).toBe(
      'account/claim_unconfirmed',
    );
  });

  it('refuses an account imported under another address, or none', async () => {
    imported = { ...imported!, importEmail: 'someone@example.test' };
    expect(await refusal(sut.claim(reader, 'imported-id'))).toBe('account/claim_not_found');
    imported = undefined;
    expect(await refusal(sut.claim(reader, 'imported-id'))).toBe('account/claim_not_found');
  });

  it('refuses a second claim', async () => {
    imported = { ...imported!, claimedAt: FIXTURE_TIME };

    expect(await refusal(sut.claim(reader, 'imported-id'))).toBe('account/claim_used');
  });
});
