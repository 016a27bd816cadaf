import type { SiteSettings } from '@parley/db';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { AppError } from '../common/app-error.js';
import { RateLimiterFactory } from '../common/rate-limiter.js';
import { SettingsService } from '../settings/settings.service.js';
import { WordMatcher } from '../settings/word-matcher.js';
import { bindable, commentRecord, executorsOf, fakeTransactions, user } from '../testing/fixtures.js';
import { unitModule, type DeepMocked } from '../testing/unit-module.js';
import type { CommentChange } from './comment-change.js';
import { CommentChangePublisher } from './comment-change-publisher.js';
import { CommentChangeRecorder } from './comment-change-recorder.js';
import { CommentFeedbackRepository } from './comment-feedback.repository.js';
import type { CommentRecord } from './comment-records.js';
import { CommentFeedbackService, REPORTS_PER_HOUR } from './comment-feedback.service.js';
import { ReactionBroadcasts } from './reaction-broadcasts.js';
import { ThreadCache } from './thread-cache.js';

const AUTHOR_ID = 'author-id';
/** Made at FIXTURE_TIME, long over a day ago: in good standing. */
const READER = user({ id: 'reader-id', username: 'rea' });
const MODERATOR = user({ id: 'moderator-id', username: 'mo', role: 'moderator' });
const REPORT_THRESHOLD = 3;

type FeedbackFns =
  | 'findById'
  | 'addReaction'
  | 'removeReaction'
  | 'reactionCount'
  | 'hasVisibleComment'
  | 'lockById'
  | 'addReport'
  | 'holdForReports';

describe(CommentFeedbackService.name, () => {
  let sut: CommentFeedbackService;
  let trx: object;
  let comments: Record<FeedbackFns, Mock>;
  let changes: { record: Mock };
  let publisher: DeepMocked<CommentChangePublisher>;
  let threads: DeepMocked<ThreadCache>;
  let reactionBroadcasts: DeepMocked<ReactionBroadcasts>;
  /** The reported comment as findById reads it: published, then held if holdForReports holds it. */
  let row: CommentRecord;

  beforeEach(async () => {
    const transactions = fakeTransactions();
    trx = transactions.trx;
    row = commentRecord({ authorId: AUTHOR_ID });
    comments = bindable({
      findById: vi.fn(async () => row),
      addReaction: vi.fn(async () => true),
      removeReaction: vi.fn(async () => true),
      reactionCount: vi.fn(async () => 4),
      hasVisibleComment: vi.fn(async () => false),
      lockById: vi.fn(async () => row),
      addReport: vi.fn(async () => true),
      holdForReports: vi.fn(async () => undefined),
    });
    changes = bindable({ record: vi.fn(async (change: CommentChange) => ({ change, notified: [] })) });
    const limiters: Pick<RateLimiterFactory, 'create'> = {
      create: (name, points, duration) => new RateLimiterMemory({ keyPrefix: name, points, duration }),
    };
    const module = await unitModule(CommentFeedbackService, [
      transactions.provider,
      { provide: CommentFeedbackRepository, useValue: comments },
      { provide: CommentChangeRecorder, useValue: changes },
      { provide: RateLimiterFactory, useValue: limiters },
    ]);
    sut = module.sut;
    publisher = module.get(CommentChangePublisher);
    threads = module.get(ThreadCache);
    reactionBroadcasts = module.get(ReactionBroadcasts);
    module.get(SettingsService).get.mockResolvedValue({
      settings: { reportThreshold: REPORT_THRESHOLD } as SiteSettings,
      banned: new WordMatcher([]),
      suspect: new WordMatcher([]),
    });
  });

  async function failure(work: Promise<unknown>): Promise<AppError> {
    const error = await work.then(
      () => {
        throw new Error('expected the call to be refused');
      },
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }

  describe('react', () => {
    it('adds the like, answers the exact count, and has readers told of it', async () => {
      const response = await sut.react('comment-id', READER, true);

      expect(response).toEqual({ id: 'comment-id', counts: { like: 4 } });
      expect(comments.addReaction).toHaveBeenCalledWith('comment-id', READER.id);
      expect(comments.removeReaction).not.toHaveBeenCalled();
      expect(threads.changed).toHaveBeenCalledWith(['story-id']);
      expect(reactionBroadcasts.changed).toHaveBeenCalledWith('story-id', 'comment-id');
    });

    it('removes the like when asked to', async () => {
      await sut.react('comment-id', READER, false);

      expect(comments.removeReaction).toHaveBeenCalledWith('comment-id', READER.id);
      expect(comments.addReaction).not.toHaveBeenCalled();
    });

    it('answers a like that changed nothing with the count, telling no one', async () => {
      comments.addReaction.mockResolvedValue(false);

      const response = await sut.react('comment-id', READER, true);

      expect(response.counts.like).toBe(4);
      expect(threads.changed).not.toHaveBeenCalled();
      expect(reactionBroadcasts.changed).not.toHaveBeenCalled();
    });

    it.each([
      { name: 'unknown', found: undefined },
      { name: 'pending', found: commentRecord({ status: 'pending' }) },
      { name: 'deleted', found: commentRecord({ status: 'deleted' }) },
    ])('refuses a like on an $name comment with comment/not_found', async ({ found }) => {
      comments.findById.mockResolvedValue(found);

      expect((await failure(sut.react('comment-id', READER, true))).code).toBe('comment/not_found');
      expect(comments.addReaction).not.toHaveBeenCalled();
      expect(reactionBroadcasts.changed).not.toHaveBeenCalled();
    });
  });

  describe('report', () => {
    const REPORT = { reason: 'spam', note: 'selling pills' } as const;

    it("stores the report, holds by the threshold, and records 'reported' with the report's facts", async () => {
      const response = await sut.report('comment-id', READER, REPORT);

      expect(response).toEqual({ created: true });
      expect(comments.addReport).toHaveBeenCalledWith('comment-id', READER.id, 'spam', 'selling pills', true);
      expect(comments.holdForReports).toHaveBeenCalledWith('comment-id', REPORT_THRESHOLD);
      expect(executorsOf(comments.lockById)).toEqual([trx]);
      expect(executorsOf(comments.addReport)).toEqual([trx]);
      expect(executorsOf(changes.record)).toEqual([trx]);
      expect(changes.record).toHaveBeenCalledOnce();
      const change = changes.record.mock.calls[0]![0] as CommentChange;
      expect(change).toMatchObject({
        cause: 'reported',
        before: { id: 'comment-id', status: 'published' },
        after: { id: 'comment-id' },
        actor: { id: READER.id, username: READER.username },
        report: { reason: 'spam', countsTowardHold: true, threshold: REPORT_THRESHOLD, byStaff: false },
      });
      expect(publisher.publish).toHaveBeenCalledExactlyOnceWith({ change, notified: [] });
    });

    it('records the hold the report caused in the change', async () => {
      comments.holdForReports.mockImplementation(async () => {
        row = { ...row, status: 'pending', reportCount: 3 };
      });

      await sut.report('comment-id', READER, REPORT);

      expect(changes.record.mock.calls[0]![0]).toMatchObject({
        before: { status: 'published' },
        after: { status: 'pending', reportCount: 3 },
      });
    });

    it('holds at once when staff report: threshold 1', async () => {
      await sut.report('comment-id', MODERATOR, { reason: 'abuse' });

      expect(comments.addReport).toHaveBeenCalledWith('comment-id', MODERATOR.id, 'abuse', null, true);
      expect(comments.holdForReports).toHaveBeenCalledWith('comment-id', 1);
      expect(changes.record.mock.calls[0]![0]).toMatchObject({
        report: { threshold: 1, byStaff: true, countsTowardHold: true },
      });
    });

    it('stores a report from a new account with no visible comment without counting it toward a hold', async () => {
      const newcomer = user({ id: 'new-id', username: 'newbie', createdAt: new Date() });

      await sut.report('comment-id', newcomer, REPORT);

      expect(comments.hasVisibleComment).toHaveBeenCalledWith('new-id');
      expect(comments.addReport).toHaveBeenCalledWith('comment-id', 'new-id', 'spam', 'selling pills', false);
      expect(changes.record.mock.calls[0]![0]).toMatchObject({ report: { countsTowardHold: false } });
    });

    it('counts a new account that has a visible comment of its own', async () => {
      comments.hasVisibleComment.mockResolvedValue(true);

      await sut.report('comment-id', user({ id: 'new-id', createdAt: new Date() }), REPORT);

      expect(comments.addReport).toHaveBeenCalledWith('comment-id', 'new-id', 'spam', 'selling pills', true);
    });

    it("refuses a report on one's own comment with comment/own_comment, writing nothing", async () => {
      const author = user({ id: AUTHOR_ID, username: 'rita' });

      expect((await failure(sut.report('comment-id', author, REPORT))).code).toBe('comment/own_comment');
      expect(comments.addReport).not.toHaveBeenCalled();
      expect(changes.record).not.toHaveBeenCalled();
      expect(publisher.publish).not.toHaveBeenCalled();
    });

    it('refuses a report on a comment readers cannot see with comment/not_found', async () => {
      row = { ...row, status: 'rejected' };

      expect((await failure(sut.report('comment-id', READER, REPORT))).code).toBe('comment/not_found');
      expect(comments.addReport).not.toHaveBeenCalled();
    });

    it('refuses a suspended reader with comment/suspended', async () => {
      const suspended = user({
        id: 'suspended-id',
        status: 'suspended',
        suspendedUntil: new Date(Date.now() + 3600_000),
      });

      expect((await failure(sut.report('comment-id', suspended, REPORT))).code).toBe('comment/suspended');
      expect(comments.findById).not.toHaveBeenCalled();
    });

    it('answers a second report by the same reader with created: false, recording nothing', async () => {
      comments.addReport.mockResolvedValue(false);

      expect(await sut.report('comment-id', READER, REPORT)).toEqual({ created: false });
      expect(comments.holdForReports).not.toHaveBeenCalled();
      expect(changes.record).not.toHaveBeenCalled();
      expect(publisher.publish).not.toHaveBeenCalled();
    });

    it(`refuses the report after ${REPORTS_PER_HOUR} in an hour with comment/report_rate_limited`, async () => {
      for (let index = 0; index < REPORTS_PER_HOUR; index++) {
        await sut.report(`comment-${index}`, READER, REPORT);
      }

      const error = await failure(sut.report('comment-id', READER, REPORT));

      expect(error.code).toBe('comment/report_rate_limited');
      expect(comments.addReport).toHaveBeenCalledTimes(REPORTS_PER_HOUR);
    });
  });
});
