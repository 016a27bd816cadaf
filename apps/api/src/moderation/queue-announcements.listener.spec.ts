import { describe, expect, it, vi } from 'vitest';
import { commentRecord } from '../testing/fixtures.js';
import { QueueAnnouncementsListener } from './queue-announcements.listener.js';

describe(QueueAnnouncementsListener.name, () => {
  it('announces every change to the moderation room with the queues it was in', async () => {
    const queues = { announce: vi.fn(async () => undefined) };
    const sut = new QueueAnnouncementsListener(queues as never);

    await sut.onCommentChanged({ cause: 'posted', before: null, after: commentRecord(), actor: null });
    await sut.onCommentChanged({
      cause: 'reported',
      before: commentRecord({ status: 'approved', reportCount: 1 }),
      after: commentRecord({ status: 'approved', reportCount: 2 }),
      actor: null,
      report: { reason: 'abuse', countsTowardHold: true, threshold: 3, byStaff: false },
    });

    expect(queues.announce.mock.calls).toEqual([
      ['comment-id', []],
      ['comment-id', ['reported', 'approved']],
    ]);
  });
});
