import { describe, expect, it, vi } from 'vitest';
import type { CommentRecord } from '../comments/comment-records.js';
import { QueueAnnouncementsListener } from './queue-announcements.listener.js';

function row(overrides: Partial<CommentRecord>): CommentRecord {
  return {
    id: 'comment-id',
    status: 'published',
    reportCount: 0,
    replyCount: 0,
    ...overrides,
  } as CommentRecord;
}

describe(QueueAnnouncementsListener.name, () => {
  it('announces every change to the moderation room with the queues it was in', async () => {
    const queues = { announce: vi.fn(async () => undefined) };
    const sut = new QueueAnnouncementsListener(queues as never);

    await sut.onCommentChanged({ cause: 'posted', before: null, after: row({}) });
    await sut.onCommentChanged({
      cause: 'reported',
      before: { status: 'approved', replyCount: 0, reportCount: 1 },
      after: row({ reportCount: 2 }),
    });

    expect(queues.announce.mock.calls).toEqual([
      ['comment-id', []],
      ['comment-id', ['reported', 'approved']],
    ]);
  });
});
