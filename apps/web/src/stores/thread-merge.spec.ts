import { describe, expect, it } from 'vitest';
import { comment, reply, threadComment } from '../testing/factories.js';
import {
  appendUnique,
  asDeletedPlaceholder,
  catchUpSince,
  laterOf,
  mergeComment,
  prependUnique,
  walkThread,
} from './thread-merge.js';

describe(mergeComment.name, () => {
  const base = comment({ updatedAt: '2030-01-01T12:00:00.000Z', viewerReacted: true });

  it("takes a newer copy but keeps the viewer's reaction from a broadcast", () => {
    const sut = mergeComment(base, {
      ...base,
      body: 'new',
      updatedAt: '2030-01-01T12:00:01.000Z',
      viewerReacted: false,
    });
    expect(sut).toMatchObject({ body: 'new', viewerReacted: true });
  });

  it('takes everything from a copy fetched for this viewer', () => {
    const sut = mergeComment(base, { ...base, viewerReacted: false }, { forViewer: true });
    expect(sut.viewerReacted).toBe(false);
  });

  it('keeps what it has when the copy is older', () => {
    const sut = mergeComment(base, { ...base, body: 'stale', updatedAt: '2030-01-01T11:59:59.000Z' });
    expect(sut).toBe(base);
  });
});

describe(walkThread.name, () => {
  it('yields parents before their replies, without the nested lists', () => {
    const root = comment();
    const child = reply(root);
    const grandchild = reply(child);
    const sut = [
      ...walkThread([threadComment(root, [threadComment(child, [threadComment(grandchild)], 'c')])]),
    ];

    expect(sut.map((entry) => entry.comment.id)).toEqual([root.id, child.id, grandchild.id]);
    expect(sut[1]).toMatchObject({ replyIds: [grandchild.id], repliesCursor: 'c' });
    expect(sut[0]!.comment).not.toHaveProperty('replies');
  });
});

describe('list helpers', () => {
  it('appendUnique adds only ids that are not there yet', () => {
    expect(appendUnique(['a', 'b'], ['b', 'c', 'c'])).toEqual(['a', 'b', 'c']);
  });

  it('prependUnique moves ids to the front once', () => {
    expect(prependUnique(['a', 'b', 'c'], ['c', 'd'])).toEqual(['c', 'd', 'a', 'b']);
  });
});

describe(catchUpSince.name, () => {
  it('asks from a few seconds before the last sync', () => {
    expect(catchUpSince('2030-01-01T12:00:00.000Z', 5000)).toBe('2030-01-01T11:59:55.000Z');
  });

  it('laterOf picks the later instant regardless of format', () => {
    expect(laterOf('2030-01-01T12:00:00Z', '2030-01-01T12:00:01.000Z')).toBe('2030-01-01T12:00:01.000Z');
    expect(laterOf('2030-01-01T12:00:02Z', '2030-01-01T12:00:01.000Z')).toBe('2030-01-01T12:00:02Z');
  });
});

describe(asDeletedPlaceholder.name, () => {
  it('drops the author and the text', () => {
    const sut = asDeletedPlaceholder(
      comment({ body: 'secret', featured: true }),
      new Date('2030-01-02T00:00:00Z'),
    );
    expect(sut).toMatchObject({
      status: 'deleted',
      author: null,
      body: '',
      featured: false,
      updatedAt: '2030-01-02T00:00:00.000Z',
    });
  });
});
