import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { StoriesRepository } from '../stories/stories.repository.js';
import { ModerationLogRepository } from '../moderation-log/moderation-log.repository.js';
import { NotificationWriter } from '../notifications/notification-recorder.js';
import { bindable, commentRecord, executorsOf } from '../testing/fixtures.js';
import { unitModule } from '../testing/unit-module.js';
import { WebhookEventsRepository } from '../webhooks/webhook-events.repository.js';
import type { CommentChange } from './comment-change.js';
import { CommentChangeRecorder, logEntryOf } from './comment-change-recorder.js';
import { CommentRevisionsRepository } from './comment-revisions.repository.js';

const AUTHOR = { id: 'author-id', username: 'rita' };
const MODERATOR = { id: 'moderator-id', username: 'mo' };
const TRX = { transaction: 'trx' };

describe(CommentChangeRecorder.name, () => {
  let sut: CommentChangeRecorder;
  let log: { record: Mock };
  let webhookEvents: { record: Mock };
  let notify: { record: Mock };
  let revisions: { keep: Mock; erase: Mock };

  beforeEach(async () => {
    log = bindable({ record: vi.fn(async () => undefined) });
    // Payload functions run as the repository would run them for a subscribed receiver.
    webhookEvents = bindable({
      record: vi.fn(async (_type: string, data: unknown) => (typeof data === 'function' ? data() : data)),
    });
    notify = bindable({
      record: vi.fn(async () => [{ id: 'n-1', userId: 'parent-author', emailNow: false }]),
    });
    revisions = bindable({ keep: vi.fn(async () => undefined), erase: vi.fn(async () => undefined) });
    const stories = bindable({ findById: vi.fn(async () => ({ id: 'story-id', slug: 'a-story' })) });
    const module = await unitModule(CommentChangeRecorder, [
      { provide: ModerationLogRepository, useValue: log },
      { provide: WebhookEventsRepository, useValue: webhookEvents },
      { provide: NotificationWriter, useValue: notify },
      { provide: StoriesRepository, useValue: stories },
      { provide: CommentRevisionsRepository, useValue: revisions },
    ]);
    sut = module.sut.withExecutor(TRX as never);
  });

  /** The data each webhook event was written with, by type. */
  async function webhooks(): Promise<[string, unknown][]> {
    return Promise.all(
      webhookEvents.record.mock.results.map(async (result, index) => [
        webhookEvents.record.mock.calls[index]![0] as string,
        await (result.value as Promise<unknown>),
      ]),
    );
  }

  it('keeps the text an edit replaced, with when and by whom, in the transaction', async () => {
    const editedAt = new Date('2030-01-01T12:00:00.000Z');
    const before = commentRecord({ body: 'Something nasty' });
    const after = commentRecord({ body: 'Something ok', editedAt });

    await sut.record({ cause: 'edited', before, after, actor: AUTHOR });

    expect(revisions.keep).toHaveBeenCalledWith({
      commentId: 'comment-id',
      body: 'Something nasty',
      editedAt,
      editedBy: 'author-id',
    });
    expect(executorsOf(revisions.keep)).toEqual([TRX]);
    expect(revisions.erase).not.toHaveBeenCalled();
  });

  it('erases the earlier texts with a deletion, and keeps none for other changes', async () => {
    const before = commentRecord({ body: 'Regretted' });

    await sut.record({
      cause: 'deleted',
      before,
      after: commentRecord({ status: 'deleted', body: '' }),
      actor: AUTHOR,
    });
    await sut.record({ cause: 'posted', before: null, after: before, actor: AUTHOR });

    expect(revisions.erase).toHaveBeenCalledWith('comment-id');
    expect(executorsOf(revisions.erase)).toEqual([TRX]);
    expect(revisions.keep).not.toHaveBeenCalled();
  });

  it('writes a held post’s log row, its comment.held with the full comment, and its notifications, in the transaction', async () => {
    const after = commentRecord({ status: 'pending', flags: ['link'], matchedWords: [] });

    const recorded = await sut.record({ cause: 'posted', before: null, after, actor: AUTHOR });

    expect(log.record).toHaveBeenCalledWith({
      actorId: null,
      action: 'auto_hold',
      commentId: 'comment-id',
      userId: 'author-id',
      storyId: 'story-id',
      details: { flags: ['link'], matchedWords: [] },
    });
    expect(await webhooks()).toEqual([
      [
        'comment.held',
        {
          comment: {
            id: 'comment-id',
            storyId: 'story-id',
            storySlug: 'a-story',
            parentId: null,
            author: { id: 'author-id', username: 'rita' },
            body: 'text',
            status: 'pending',
            flags: ['link'],
          },
          reason: 'pipeline',
        },
      ],
    ]);
    expect(recorded.notified).toEqual([{ id: 'n-1', userId: 'parent-author', emailNow: false }]);
    for (const fn of [log.record, webhookEvents.record, notify.record])
      expect(executorsOf(fn)).toEqual([TRX]);
  });

  it('announces a published post as comment.created and logs nothing; a rejected one is logged, not announced', async () => {
    await sut.record({ cause: 'posted', before: null, after: commentRecord(), actor: AUTHOR });
    expect((await webhooks()).map(([type]) => type)).toEqual(['comment.created']);
    expect(log.record).not.toHaveBeenCalled();

    webhookEvents.record.mockClear();
    await sut.record({
      cause: 'posted',
      before: null,
      after: commentRecord({ status: 'rejected' }),
      actor: AUTHOR,
    });
    expect(webhookEvents.record).not.toHaveBeenCalled();
    expect(log.record).toHaveBeenCalledWith(
      expect.objectContaining({ action: 'auto_reject', actorId: null }),
    );
  });

  it('treats an edit the screen holds as a held post, and one it rejects as a rejected post', async () => {
    const before = commentRecord();
    await sut.record({ cause: 'edited', before, after: commentRecord({ status: 'pending' }), actor: AUTHOR });
    await sut.record({
      cause: 'edited',
      before,
      after: commentRecord({ status: 'rejected' }),
      actor: AUTHOR,
    });
    await sut.record({
      cause: 'edited',
      before,
      after: commentRecord({ body: 'fixed a typo' }),
      actor: AUTHOR,
    });

    expect(log.record.mock.calls.map(([entry]) => (entry as { action: string }).action)).toEqual([
      'auto_hold',
      'auto_reject',
    ]);
    expect(await webhooks()).toEqual([['comment.held', expect.objectContaining({ reason: 'pipeline' })]]);
  });

  it('writes comment.reported for every report and, when it holds, comment.held with the full comment and an auto_hold row', async () => {
    const report = { reason: 'spam', countsTowardHold: true, threshold: 1, byStaff: true } as const;
    const before = commentRecord();
    const after = commentRecord({ status: 'pending', reportCount: 1, flags: ['reports'] });

    await sut.record({ cause: 'reported', before, after, actor: MODERATOR, report });

    expect(await webhooks()).toEqual([
      [
        'comment.reported',
        {
          comment: { id: 'comment-id', storyId: 'story-id', authorId: 'author-id' },
          report: { reason: 'spam', reporterId: MODERATOR.id, countsTowardHold: true },
        },
      ],
      [
        'comment.held',
        { comment: expect.objectContaining({ storySlug: 'a-story', body: 'text' }), reason: 'reports' },
      ],
    ]);
    expect(log.record).toHaveBeenCalledWith({
      actorId: null,
      action: 'auto_hold',
      commentId: 'comment-id',
      userId: 'author-id',
      storyId: 'story-id',
      reason: 'reports',
      details: { threshold: 1, byStaff: true },
    });
  });

  it("logs a moderator's decision and writes comment.decided", async () => {
    const change: CommentChange = {
      cause: 'decided',
      before: commentRecord({ status: 'pending' }),
      after: commentRecord({ status: 'approved' }),
      actor: MODERATOR,
      decision: { kind: 'approve', reason: null },
    };

    await sut.record(change);

    expect(logEntryOf(change)).toEqual({
      actorId: MODERATOR.id,
      action: 'approve',
      commentId: 'comment-id',
      userId: 'author-id',
      storyId: 'story-id',
      reason: null,
      details: { from: 'pending', to: 'approved' },
    });
    expect(log.record).toHaveBeenCalledWith(logEntryOf(change));
    expect(await webhooks()).toEqual([
      [
        'comment.decided',
        {
          comment: { id: 'comment-id', storyId: 'story-id', authorId: 'author-id' },
          decision: 'approve',
          from: 'pending',
          to: 'approved',
          featured: false,
          reason: null,
          moderator: MODERATOR,
        },
      ],
    ]);
  });

  it('writes no per-comment row or event for deletions and ban rejections', async () => {
    const before = commentRecord();
    await sut.record({
      cause: 'deleted',
      before,
      after: commentRecord({ status: 'deleted' }),
      actor: AUTHOR,
    });
    await sut.record({
      cause: 'banned',
      before,
      after: commentRecord({ status: 'rejected' }),
      actor: MODERATOR,
    });

    expect(log.record).not.toHaveBeenCalled();
    expect(webhookEvents.record).not.toHaveBeenCalled();
    expect(notify.record).toHaveBeenCalledTimes(2);
  });
});

describe(logEntryOf.name, () => {
  it("takes the moderation hook's reason as the reason of the hold or rejection it caused", () => {
    const held = commentRecord({ status: 'pending', flags: ['hook'], hookReason: 'insults a reader' });
    expect(logEntryOf({ cause: 'posted', before: null, after: held, actor: AUTHOR })).toMatchObject({
      action: 'auto_hold',
      reason: 'insults a reader',
    });
    // A reason kept from a publish answer is no reason for a hold the hook did not cause.
    const heldByWords = commentRecord({ status: 'pending', flags: ['suspect_word'], hookReason: 'fine' });
    expect(
      logEntryOf({ cause: 'posted', before: null, after: heldByWords, actor: AUTHOR }),
    ).not.toHaveProperty('reason');
  });
});
