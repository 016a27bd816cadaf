import type { QueueItem } from '@parley/shared';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/http.js';
import { moderationApi } from '../api/moderation.js';
import { COUNTS, author, item, page, ids, showing } from '../testing/moderation-queue.js';
import { useModerationStore } from './moderation.js';

vi.mock('../api/moderation.js', () => ({
  moderationApi: {
    queue: vi.fn(),
    counts: vi.fn(),
    decide: vi.fn(),
    decideMany: vi.fn(),
    suspend: vi.fn(),
    ban: vi.fn(),
    unban: vi.fn(),
    premod: vi.fn(),
  },
}));
const api = vi.mocked(moderationApi);

describe(`${useModerationStore.name} (decisions and catch-up)`, () => {
  beforeEach(() => {
    vi.clearAllMocks();
  });

  describe('decideMany', () => {
    it('moves each card as its own decision would: decided ones and ones decided meanwhile leave, a vanished one too', async () => {
      const [first, second, third, kept] = [item(), item(), item(), item()].reverse() as QueueItem[];
      const sut = await showing([first!, second!, third!, kept!]);
      api.decideMany.mockResolvedValueOnce({
        results: [
          {
            id: first!.comment.id,
            outcome: 'decided',
            comment: { ...first!.comment, status: 'rejected' },
            queues: ['rejected'],
            decidedBy: null,
            message: null,
          },
          {
            id: second!.comment.id,
            outcome: 'already_decided',
            comment: { ...second!.comment, status: 'approved' },
            queues: ['approved'],
            decidedBy: 'maria',
            message: 'maria already approved this comment.',
          },
          {
            id: third!.comment.id,
            outcome: 'not_found',
            comment: null,
            queues: [],
            decidedBy: null,
            message: 'gone',
          },
        ],
      });

      const answer = await sut.decideMany({
        action: 'reject',
        reason: 'spam',
        ids: ids([first!, second!, third!]),
      });

      expect(api.decideMany).toHaveBeenCalledWith({
        action: 'reject',
        reason: 'spam',
        ids: ids([first!, second!, third!]),
      });
      expect(answer.results).toHaveLength(3);
      expect(ids(sut.items)).toEqual(ids([kept!]));
    });
  });

  describe('decide', () => {
    it('removes the card when the comment leaves the queue', async () => {
      const [top, bottom] = [item(), item()].reverse() as [QueueItem, QueueItem];
      const sut = await showing([top, bottom]);
      api.decide.mockResolvedValueOnce({
        comment: { ...top.comment, status: 'approved' },
        queues: ['approved'],
      });

      await sut.decide(top.comment.id, { kind: 'approve' });

      expect(api.decide).toHaveBeenCalledWith(top.comment.id, { kind: 'approve' });
      expect(ids(sut.items)).toEqual(ids([bottom]));
    });

    it('updates the card in place when the comment stays in the queue', async () => {
      const shown = item({ status: 'approved' });
      const sut = await showing([shown], 'approved');
      api.decide.mockResolvedValueOnce({
        comment: { ...shown.comment, featured: true, body: '' },
        queues: ['approved'],
      });

      await sut.decide(shown.comment.id, { kind: 'feature' });

      expect(sut.items[0]?.comment.featured).toBe(true);
      expect(sut.items[0]?.comment.body).toBe(shown.comment.body);
    });

    it('keeps the card and throws when another moderator decided first', async () => {
      const shown = item({ status: 'approved' });
      const sut = await showing([shown], 'approved');
      api.decide.mockRejectedValueOnce(
        new ApiError('moderation/already_decided', 'maria already approved this comment.', 409, undefined, {
          decidedBy: 'maria',
        }),
      );

      await expect(sut.decide(shown.comment.id, { kind: 'reject', reason: 'spam' })).rejects.toMatchObject({
        code: 'moderation/already_decided',
      });
      expect(sut.items).toHaveLength(1);
    });

    it('sends an override when asked', async () => {
      const shown = item({ status: 'approved' });
      const sut = await showing([shown], 'approved');
      api.decide.mockResolvedValueOnce({
        comment: { ...shown.comment, status: 'rejected' },
        queues: ['rejected'],
      });
      await sut.decide(shown.comment.id, { kind: 'reject', reason: 'spam', override: true });
      expect(api.decide).toHaveBeenCalledWith(shown.comment.id, {
        kind: 'reject',
        reason: 'spam',
        override: true,
      });
      expect(sut.items).toEqual([]);
    });
  });

  describe('user actions', () => {
    it('updates the author on every card of theirs', async () => {
      const writer = author();
      const [a, b, other] = [item({ author: writer }), item({ author: writer }), item()].reverse() as [
        QueueItem,
        QueueItem,
        QueueItem,
      ];
      const sut = await showing([a, b, other]);
      const suspended = {
        ...writer,
        status: 'suspended' as const,
        suspendedUntil: '2030-01-02T12:00:00.000Z',
      };
      api.suspend.mockResolvedValueOnce(suspended);

      await sut.suspend(writer.id, 24);

      expect(api.suspend).toHaveBeenCalledWith(writer.id, 24);
      for (const entry of sut.items)
        expect(entry.author.status).toBe(entry.author.id === writer.id ? 'suspended' : 'active');
      expect(sut.items.filter((entry) => entry.author.status === 'suspended')).toHaveLength(2);
    });

    it('bans with the reason and whether to reject their comments', async () => {
      const writer = author();
      const sut = await showing([item({ author: writer })]);
      api.ban.mockResolvedValueOnce({ ...writer, status: 'banned' });
      await sut.ban(writer.id, 'spam bot', true);
      expect(api.ban).toHaveBeenCalledWith(writer.id, { reason: 'spam bot', rejectExisting: true });
      expect(sut.items[0]?.author.status).toBe('banned');
    });
  });

  describe('refresh (catch-up after a reconnect)', () => {
    it('drops cards that left, updates changed ones and buffers missed new ones', async () => {
      const [top, middle, bottom] = [item(), item(), item()].reverse() as [QueueItem, QueueItem, QueueItem];
      const sut = await showing([top, middle, bottom]);
      const missed = item();
      api.queue.mockResolvedValueOnce(
        page([missed, top, { ...bottom, openReportCount: 1 }], { counts: { ...COUNTS, pending: 3 } }),
      );

      await sut.refresh();

      expect(ids(sut.items)).toEqual(ids([top, bottom]));
      expect(sut.items[1]?.openReportCount).toBe(1);
      expect(ids(sut.incoming)).toEqual(ids([missed]));
      expect(sut.counts?.pending).toBe(3);
    });

    it('keeps cards beyond the first page, which the answer says nothing about', async () => {
      const [top, bottom] = [item(), item()].reverse() as [QueueItem, QueueItem];
      const sut = await showing([top, bottom]);
      api.queue.mockResolvedValueOnce(page([top], { nextCursor: 'more' }));
      await sut.refresh();
      expect(ids(sut.items)).toEqual(ids([top, bottom]));
    });
  });
});
