import type { QueueItem, QueuePage } from '@parley/shared';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/http.js';
import { moderationApi } from '../api/moderation.js';
import {
  author,
  SLUG,
  OTHER_SLUG,
  COUNTS,
  item,
  page,
  ids,
  deferred,
  setup,
  showing,
} from '../testing/moderation-queue.js';
import { useModerationStore } from './moderation.js';

vi.mock('../api/moderation.js', () => ({
  moderationApi: {
    queue: vi.fn(),
    counts: vi.fn(),
    decide: vi.fn(),
    suspend: vi.fn(),
    ban: vi.fn(),
    unban: vi.fn(),
    premod: vi.fn(),
  },
}));
const api = vi.mocked(moderationApi);

describe(useModerationStore.name, () => {
  beforeEach(() => {
    vi.clearAllMocks();
  });

  describe('load', () => {
    it('shows the first page of a queue with its counts', async () => {
      const [newer, older] = [item(), item()].reverse() as [QueueItem, QueueItem];
      const sut = await showing([newer, older], 'pending', { story: SLUG, nextCursor: 'c1' });

      expect(api.queue).toHaveBeenCalledWith('pending', expect.objectContaining({ story: SLUG }));
      expect(sut.status).toBe('ready');
      expect(ids(sut.items)).toEqual(ids([newer, older]));
      expect(sut.counts).toEqual(COUNTS);
      expect(sut.hasMore).toBe(true);
      expect(sut.stories).toEqual([{ slug: SLUG, title: 'An story' }]);
    });

    it('drops the answer for a tab the moderator already left', async () => {
      const sut = setup();
      const slow = deferred<QueuePage>();
      api.queue.mockReturnValueOnce(slow.promise).mockResolvedValueOnce(page([item({ status: 'approved' })]));
      const first = sut.load('pending');
      await sut.load('approved');
      slow.resolve(page([item(), item()]));
      await first;

      expect(sut.queue).toBe('approved');
      expect(sut.items).toHaveLength(1);
    });

    it('shows the error and keeps nothing stale when the page fails', async () => {
      const sut = await showing([item()]);
      api.queue.mockRejectedValueOnce(new ApiError('auth/forbidden', 'You are not allowed to do that.', 403));
      await sut.load('reported');
      expect(sut.status).toBe('error');
      expect(sut.error).toBe('You are not allowed to do that.');
      expect(sut.items).toEqual([]);
    });

    it('applies events that arrive while the page loads after it, in order', async () => {
      const sut = setup();
      const slow = deferred<QueuePage>();
      api.queue.mockReturnValueOnce(slow.promise);
      const loading = sut.load('pending');
      const stale = item();
      const shown = item();
      const arrived = item();
      sut.applyRemoved({ id: stale.comment.id, queue: 'pending' });
      sut.applyAdded({ queue: 'pending', item: arrived });
      slow.resolve(page([shown, stale]));
      await loading;

      expect(ids(sut.items)).toEqual(ids([shown]));
      expect(ids(sut.incoming)).toEqual(ids([arrived]));
    });
  });

  describe('queue:added', () => {
    it('buffers a new card instead of moving the ones on screen', async () => {
      const shown = item();
      const sut = await showing([shown]);
      const first = item();
      const second = item();

      sut.applyAdded({ queue: 'pending', item: first });
      sut.applyAdded({ queue: 'pending', item: second });

      expect(ids(sut.items)).toEqual(ids([shown]));
      expect(ids(sut.incoming)).toEqual(ids([second, first]));
    });

    it('reveal puts the buffered cards on top, newest first', async () => {
      const shown = item();
      const sut = await showing([shown]);
      const first = item();
      const second = item();
      sut.applyAdded({ queue: 'pending', item: first });
      sut.applyAdded({ queue: 'pending', item: second });

      sut.reveal();

      expect(ids(sut.items)).toEqual(ids([second, first, shown]));
      expect(sut.incoming).toEqual([]);
    });

    it('shows a card at once when the list is empty (nothing to shift)', async () => {
      const sut = await showing([]);
      const arrived = item();
      sut.applyAdded({ queue: 'pending', item: arrived });
      expect(ids(sut.items)).toEqual(ids([arrived]));
      expect(sut.incoming).toEqual([]);
    });

    it('updates a card already on screen in place (upsert by comment id)', async () => {
      const [top, middle, bottom] = [item(), item(), item()].reverse() as [QueueItem, QueueItem, QueueItem];
      const sut = await showing([top, middle, bottom], 'reported');
      const reportedAgain: QueueItem = { ...middle, openReportCount: 3, flags: ['reports'] };

      sut.applyAdded({ queue: 'reported', item: reportedAgain });

      expect(ids(sut.items)).toEqual(ids([top, middle, bottom]));
      expect(sut.items[1]?.openReportCount).toBe(3);
      expect(sut.incoming).toEqual([]);
    });

    it('updates a buffered card in place too', async () => {
      const sut = await showing([item()]);
      const arrived = item();
      sut.applyAdded({ queue: 'pending', item: arrived });
      sut.applyAdded({ queue: 'pending', item: { ...arrived, openReportCount: 2 } });
      expect(sut.incoming).toHaveLength(1);
      expect(sut.incoming[0]?.openReportCount).toBe(2);
    });

    it('ignores other queues and, when filtered, other stories', async () => {
      const sut = await showing([item()], 'pending', { story: SLUG });
      sut.applyAdded({ queue: 'approved', item: item({ status: 'approved' }) });
      sut.applyAdded({ queue: 'pending', item: item({ slug: OTHER_SLUG }) });
      expect(sut.incoming).toEqual([]);
      expect(sut.items).toHaveLength(1);
    });
  });

  it("updates every card of an author from a live card of theirs in any queue, keeping the address an admin's page has", async () => {
    const writer = author({ email: 'eve@example.com', approvedCount: 1 });
    const [mine, other] = [item({ author: writer }), item()];
    const sut = await showing([mine, other]);

    const fresher = { ...writer, email: null, approvedCount: 2, rejectedCount: 1 };
    sut.applyAdded({ queue: 'approved', item: item({ author: fresher, status: 'approved' }) });

    expect(sut.items[0]!.author).toEqual({ ...fresher, email: 'eve@example.com' });
    expect(sut.items[1]!.author).toEqual(other.author);
    expect(sut.incoming).toEqual([]);
  });

  describe('queue:removed', () => {
    it('takes a card off the list when it leaves this queue', async () => {
      const [top, bottom] = [item(), item()].reverse() as [QueueItem, QueueItem];
      const sut = await showing([top, bottom]);
      sut.applyRemoved({ id: top.comment.id, queue: 'pending' });
      expect(ids(sut.items)).toEqual(ids([bottom]));
    });

    it('takes a card out of the "new" buffer too', async () => {
      const sut = await showing([item()]);
      const arrived = item();
      sut.applyAdded({ queue: 'pending', item: arrived });
      sut.applyRemoved({ id: arrived.comment.id, queue: 'pending' });
      expect(sut.incoming).toEqual([]);
    });

    it('ignores removals from other queues', async () => {
      const shown = item();
      const sut = await showing([shown]);
      sut.applyRemoved({ id: shown.comment.id, queue: 'reported' });
      expect(ids(sut.items)).toEqual(ids([shown]));
    });

    it('shows the buffered cards once the last card on screen leaves', async () => {
      const shown = item();
      const sut = await showing([shown]);
      const arrived = item();
      sut.applyAdded({ queue: 'pending', item: arrived });
      sut.applyRemoved({ id: shown.comment.id, queue: 'pending' });
      expect(ids(sut.items)).toEqual(ids([arrived]));
      expect(sut.incoming).toEqual([]);
    });
  });

  describe('counts', () => {
    it('moves the tab count with the cards at once, so it and "Show N new" agree before the live counts come', async () => {
      const shown = item();
      const sut = await showing([shown]);
      const [first, second] = [item(), item()];
      sut.applyAdded({ queue: 'pending', item: first });
      sut.applyAdded({ queue: 'pending', item: second });
      sut.applyAdded({ queue: 'pending', item: { ...second, openReportCount: 1 } });
      expect(sut.incoming).toHaveLength(2);
      expect(sut.counts?.pending).toBe(COUNTS.pending + 2);

      sut.applyRemoved({ id: shown.comment.id, queue: 'pending' });
      sut.applyRemoved({ id: shown.comment.id, queue: 'pending' });
      expect(sut.counts?.pending).toBe(COUNTS.pending + 1);
      sut.applyCounts({ ...COUNTS, pending: 9 });
      expect(sut.counts?.pending).toBe(9);
    });

    it('takes the live counts as they are when not filtered', async () => {
      const sut = await showing([]);
      const live = { ...COUNTS, pending: 7 };
      sut.applyCounts(live);
      expect(sut.counts).toEqual(live);
      expect(api.counts).not.toHaveBeenCalled();
    });

    it("asks for the story's own counts when filtered (live counts cover every story)", async () => {
      const sut = await showing([], 'pending', { story: SLUG });
      const forArticle = { ...COUNTS, pending: 1 };
      api.counts.mockResolvedValueOnce(forArticle);
      sut.applyCounts({ ...COUNTS, pending: 9 });
      await vi.waitFor(() => expect(sut.counts).toEqual(forArticle));
      expect(api.counts).toHaveBeenCalledWith(SLUG);
    });
  });

  describe('loadMore', () => {
    it('still lands when a catch-up runs meanwhile', async () => {
      const [top, second, third] = [item(), item(), item()].reverse() as [QueueItem, QueueItem, QueueItem];
      const sut = await showing([top, second], 'pending', { nextCursor: 'c1' });
      const more = deferred<QueuePage>();
      api.queue
        .mockReturnValueOnce(more.promise)
        .mockResolvedValueOnce(page([top, second], { nextCursor: 'c1' }));

      const loading = sut.loadMore();
      await sut.refresh();
      more.resolve(page([third]));
      await loading;

      expect(ids(sut.items)).toEqual(ids([top, second, third]));
      expect(sut.loadingMore).toBe(false);
    });

    it('appends the next page without repeating cards already shown', async () => {
      const [top, second, third] = [item(), item(), item()].reverse() as [QueueItem, QueueItem, QueueItem];
      const sut = await showing([top, second], 'pending', { nextCursor: 'c1' });
      api.queue.mockResolvedValueOnce(page([second, third]));

      await sut.loadMore();

      expect(api.queue).toHaveBeenLastCalledWith('pending', expect.objectContaining({ cursor: 'c1' }));
      expect(ids(sut.items)).toEqual(ids([top, second, third]));
      expect(sut.hasMore).toBe(false);
    });
  });
});
