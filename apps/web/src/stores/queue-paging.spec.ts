import type { QueueItem } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { COUNTS, ids, item, page } from '../testing/moderation-queue.js';
import { appendPage, mergeFirstPage } from './queue-paging.js';

/** Cards newest first, as the queue shows them. */
const newestFirst = (count: number) => Array.from({ length: count }, () => item()).reverse();

describe(appendPage.name, () => {
  it('adds the next page below the cards on screen', () => {
    const [top, second, third] = newestFirst(3) as [QueueItem, QueueItem, QueueItem];
    expect(ids(appendPage({ items: [top, second], incoming: [] }, [third]))).toEqual(
      ids([top, second, third]),
    );
  });

  it('skips cards already shown or waiting behind "N new"', () => {
    const [fresh, top, second, third] = newestFirst(4) as [QueueItem, QueueItem, QueueItem, QueueItem];
    const sut = appendPage({ items: [top, second], incoming: [fresh] }, [second, fresh, third]);
    expect(ids(sut)).toEqual(ids([top, second, third]));
  });
});

describe(mergeFirstPage.name, () => {
  it('drops cards that left, updates changed ones in place and holds missed newer ones back', () => {
    const [top, middle, bottom] = newestFirst(3) as [QueueItem, QueueItem, QueueItem];
    const missed = item();
    const changed = { ...bottom, openReportCount: 1 };

    const sut = mergeFirstPage({ items: [top, middle, bottom], incoming: [] }, page([missed, top, changed]));

    expect(ids(sut.items)).toEqual(ids([top, bottom]));
    expect(sut.items[1]).toBe(changed);
    expect(ids(sut.incoming)).toEqual(ids([missed]));
  });

  it('fits missed cards older than the last one shown below it, without moving anything', () => {
    const [top, missedOlder] = newestFirst(2) as [QueueItem, QueueItem];
    const sut = mergeFirstPage({ items: [top], incoming: [] }, page([top, missedOlder]));
    expect(ids(sut.items)).toEqual(ids([top, missedOlder]));
    expect(sut.incoming).toEqual([]);
  });

  it('keeps cards beyond the first page, which the answer says nothing about', () => {
    const [top, bottom] = newestFirst(2) as [QueueItem, QueueItem];
    const sut = mergeFirstPage({ items: [top, bottom], incoming: [] }, page([top], { nextCursor: 'more' }));
    expect(ids(sut.items)).toEqual(ids([top, bottom]));
  });

  it('keeps waiting cards waiting (newest first) and drops those that left', () => {
    const [newest, waiting, gone, shown] = newestFirst(4) as [QueueItem, QueueItem, QueueItem, QueueItem];

    const sut = mergeFirstPage({ items: [shown], incoming: [waiting, gone] }, page([newest, waiting, shown]));

    expect(ids(sut.items)).toEqual(ids([shown]));
    expect(ids(sut.incoming)).toEqual(ids([newest, waiting]));
  });

  it('leaves nothing on screen or waiting when the queue is now empty', () => {
    const [top] = newestFirst(1) as [QueueItem];
    const sut = mergeFirstPage({ items: [top], incoming: [item()] }, { ...page([]), counts: COUNTS });
    expect(sut).toEqual({ items: [], incoming: [] });
  });
});
