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
      sut.onModuleInit();
      // What RealtimeService does on a node with moderators connected: runs the registered task.
      const [kind, onTask] = realtime.onModeratorTask.mock.calls[0]!;
      const item = { comment: { id: 'c1' } };
      vi.spyOn(sut, 'items').mockResolvedValue([item as never]);
      const announceHere = (commentId: string, before: Queue[]) =>
        onTask({ kind: 'queue', commentId, before } as never);
      return { sut, realtime, counts, item, repository, afterCommit, kind, announceHere };
    }

    it('asks the nodes with moderators to announce, and builds nothing itself', async () => {
      const { sut, realtime, repository, afterCommit, kind } = await setup({
        status: 'pending',
        reportCount: 0,
      });

      sut.announce('c1', ['unmoderated']);
      await afterCommit.drain();

      expect(kind).toBe('queue');
      expect(realtime.askModerators).toHaveBeenCalledWith({
        kind: 'queue',
        commentId: 'c1',
        before: ['unmoderated'],
      });
      expect(sut.items).not.toHaveBeenCalled();
      expect(repository.counts).not.toHaveBeenCalled();
    });

    it('removes the comment from the queues it left, adds it to the ones it is in, then sends counts', async () => {
      const { realtime, counts, item, announceHere } = await setup({ status: 'approved', reportCount: 0 });

      await announceHere('c1', ['pending', 'reported']);

      expect(realtime.queueRemovedHere.mock.calls).toEqual([
        ['pending', 'c1'],
        ['reported', 'c1'],
      ]);
      expect(realtime.queueAddedHere.mock.calls).toEqual([['approved', item]]);
      await vi.waitFor(() => expect(realtime.queueCountsHere).toHaveBeenCalledWith(counts), {
        timeout: 3000,
      });
    });

    it('sends counts once for a burst of announcements, and shutdown waits for them', async () => {
      const { realtime, repository, afterCommit, announceHere } = await setup({
        status: 'published',
        reportCount: 0,
      });

      await Promise.all([announceHere('c1', []), announceHere('c1', []), announceHere('c1', [])]);
      expect(realtime.queueCountsHere).not.toHaveBeenCalled();
      await afterCommit.drain();

      expect(repository.counts).toHaveBeenCalledOnce();
      expect(realtime.queueCountsHere).toHaveBeenCalledOnce();
    });

    it('re-sends a comment that stays in a queue, so its card shows the change', async () => {
      const { realtime, item, announceHere } = await setup({ status: 'pending', reportCount: 1 });

      await announceHere('c1', ['pending']);

      expect(realtime.queueRemovedHere).not.toHaveBeenCalled();
      expect(realtime.queueAddedHere.mock.calls).toEqual([
        ['pending', item],
        ['reported', item],
      ]);
    });

    it('removes a comment that no longer exists from every queue it was in', async () => {
      const { realtime, announceHere } = await setup(undefined);

      await announceHere('c1', ['unmoderated']);

      expect(realtime.queueRemovedHere).toHaveBeenCalledWith('unmoderated', 'c1');
      expect(realtime.queueAddedHere).not.toHaveBeenCalled();
      await vi.waitFor(() => expect(realtime.queueCountsHere).toHaveBeenCalledOnce(), { timeout: 3000 });
    });
  });
});
