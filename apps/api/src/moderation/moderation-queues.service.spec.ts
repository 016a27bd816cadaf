import type { CommentStatus } from '@parley/db';
import type { Queue } from '@parley/shared';
import { describe, expect, it, vi } from 'vitest';
import { CommentReadingRepository } from '../comments/comment-reading.repository.js';
import { AfterCommitTasks } from '../database/after-commit.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { commentRecord } from '../testing/fixtures.js';
import { unitModule } from '../testing/unit-module.js';
import { ModerationQueuesRepository } from './moderation-queues.repository.js';
import { ModerationQueuesService } from './moderation-queues.service.js';
import { queuesOf } from './queues.js';

describe(queuesOf.name, () => {
  it.each<{ status: CommentStatus; reportCount: number; queues: Queue[] }>([
    { status: 'pending', reportCount: 0, queues: ['pending'] },
    { status: 'pending', reportCount: 3, queues: ['pending', 'reported'] },
    { status: 'published', reportCount: 0, queues: ['unmoderated'] },
    { status: 'published', reportCount: 1, queues: ['reported', 'unmoderated'] },
    { status: 'approved', reportCount: 0, queues: ['approved'] },
    { status: 'approved', reportCount: 2, queues: ['reported', 'approved'] },
    { status: 'rejected', reportCount: 0, queues: ['rejected'] },
    // Rejected and deleted comments are gone from readers: their reports need no review.
    { status: 'rejected', reportCount: 2, queues: ['rejected'] },
    { status: 'deleted', reportCount: 0, queues: [] },
    { status: 'deleted', reportCount: 2, queues: [] },
  ])(
    'puts a $status comment with $reportCount open reports in $queues',
    ({ status, reportCount, queues }) => {
      expect(queuesOf({ status, reportCount })).toEqual(queues);
    },
  );
});

describe(ModerationQueuesService.name, () => {
  describe('announce', () => {
    async function setup(row: { status: CommentStatus; reportCount: number } | undefined) {
      const counts = { pending: 0, reported: 0, unmoderated: 0, approved: 1, rejected: 0 };
      const afterCommit = new AfterCommitTasks();
      const { sut, get } = await unitModule(ModerationQueuesService, [
        { provide: AfterCommitTasks, useValue: afterCommit },
      ]);
      const repository = get(ModerationQueuesRepository);
      repository.counts.mockResolvedValue(counts);
      get(CommentReadingRepository).findById.mockResolvedValue(row && commentRecord({ id: 'c1', ...row }));
      const realtime = get(RealtimeService);
      realtime.moderatorsMayListen.mockReturnValue(true);
      const item = { comment: { id: 'c1' } };
      vi.spyOn(sut, 'items').mockResolvedValue([item as never]);
      return { sut, realtime, counts, item, repository, afterCommit };
    }

    it('removes the comment from the queues it left, adds it to the ones it is in, then sends counts', async () => {
      const { sut, realtime, counts, item } = await setup({ status: 'approved', reportCount: 0 });

      await sut.announce('c1', ['pending', 'reported']);

      expect(realtime.queueRemoved.mock.calls).toEqual([
        ['pending', 'c1'],
        ['reported', 'c1'],
      ]);
      expect(realtime.queueAdded.mock.calls).toEqual([['approved', item]]);
      await vi.waitFor(() => expect(realtime.queueCounts).toHaveBeenCalledWith(counts), { timeout: 3000 });
    });

    it('sends counts once for a burst of announcements, and shutdown waits for them', async () => {
      const { sut, realtime, repository, afterCommit } = await setup({ status: 'published', reportCount: 0 });

      await Promise.all([sut.announce('c1', []), sut.announce('c1', []), sut.announce('c1', [])]);
      expect(realtime.queueCounts).not.toHaveBeenCalled();
      await afterCommit.drain();

      expect(repository.counts).toHaveBeenCalledOnce();
      expect(realtime.queueCounts).toHaveBeenCalledOnce();
    });

    it('re-sends a comment that stays in a queue, so its card shows the change', async () => {
      const { sut, realtime, item } = await setup({ status: 'pending', reportCount: 1 });

      await sut.announce('c1', ['pending']);

      expect(realtime.queueRemoved).not.toHaveBeenCalled();
      expect(realtime.queueAdded.mock.calls).toEqual([
        ['pending', item],
        ['reported', item],
      ]);
    });

    it('builds nothing when no moderator can be listening', async () => {
      const { sut, realtime, repository, afterCommit } = await setup({ status: 'published', reportCount: 0 });
      realtime.moderatorsMayListen.mockReturnValue(false);

      await sut.announce('c1', ['pending']);
      await afterCommit.drain();

      expect(sut.items).not.toHaveBeenCalled();
      expect(realtime.queueRemoved).not.toHaveBeenCalled();
      expect(repository.counts).not.toHaveBeenCalled();
    });

    it('removes a comment that no longer exists from every queue it was in', async () => {
      const { sut, realtime } = await setup(undefined);

      await sut.announce('c1', ['unmoderated']);

      expect(realtime.queueRemoved).toHaveBeenCalledWith('unmoderated', 'c1');
      expect(realtime.queueAdded).not.toHaveBeenCalled();
      await vi.waitFor(() => expect(realtime.queueCounts).toHaveBeenCalledOnce(), { timeout: 3000 });
    });
  });
});
