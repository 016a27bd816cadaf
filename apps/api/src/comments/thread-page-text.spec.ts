import { randomUUID } from 'node:crypto';
import type { ThreadComment, ThreadPage } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { toPageText, withLikes } from './thread-page-text.js';

function comment(body: string, replies: ThreadComment[] = []): ThreadComment {
  const id = randomUUID();
  return {
    id,
    storyId: randomUUID(),
    parentId: null,
    rootId: id,
    depth: 0,
    author: { id: randomUUID(), username: 'someone', displayName: 'Some One', role: 'reader' },
    body,
    status: 'published',
    featured: false,
    editedAt: null,
    createdAt: '2026-12-08T00:00:00.000Z',
    updatedAt: '2026-12-08T00:00:00.000Z',
    replyCount: replies.length,
    reactions: { like: 0 },
    viewerReacted: false,
    replies,
    repliesCursor: null,
  };
}

/** A page whose texts try to look like the flags and ids around them. */
function trickyPage(): { page: ThreadPage; all: ThreadComment[] } {
  const grandchild = comment('"viewerReacted":false, then \\"viewerReacted\\":false and a backslash \\');
  const child = comment('{"id":"x","viewerReacted":false}', [grandchild]);
  const second = comment('plain', []);
  const first = comment(`mentions {"id":"${second.id}"}`, [child, comment('"viewerReacted":true')]);
  const page = { items: [first, second, comment('')], nextCursor: 'abc' };
  const all: ThreadComment[] = [];
  const visit = (each: ThreadComment): void => {
    all.push(each);
    each.replies.forEach(visit);
  };
  page.items.forEach(visit);
  return { page, all };
}

/** What building the page for a viewer who likes `liked` serialises to. */
function builtFor(page: ThreadPage, liked: Set<string>): string {
  const copy = structuredClone(page);
  const mark = (each: ThreadComment): void => {
    each.viewerReacted = liked.has(each.id);
    each.replies.forEach(mark);
  };
  copy.items.forEach(mark);
  return JSON.stringify(copy);
}

describe('thread page text', () => {
  it('maps every comment, nested ones included, to its own flag despite texts that imitate them', () => {
    const { page, all } = trickyPage();
    const sut = toPageText(page);
    expect(sut.body).toBe(JSON.stringify(page));
    expect(sut.ids).toEqual(all.map((each) => each.id));
    expect(sut.flags).toHaveLength(all.length);
  });

  it('gives the very text a build for the viewer gives, for every set of likes', () => {
    const { page, all } = trickyPage();
    const sut = toPageText(page);
    // Every subset of the page's comments.
    for (let mask = 0; mask < 2 ** all.length; mask++) {
      const liked = new Set(all.filter((_, index) => mask & (2 ** index)).map((each) => each.id));
      expect(withLikes(sut, liked)).toBe(builtFor(page, liked));
    }
  });

  it('ignores likes of comments that are not on the page', () => {
    const { page } = trickyPage();
    expect(withLikes(toPageText(page), new Set([randomUUID()]))).toBe(JSON.stringify(page));
  });

  it('refuses to set flags it could not map (a comment whose replies come before its flag)', () => {
    const { page, all } = trickyPage();
    const reordered: ThreadPage = {
      items: page.items.map(function reorder(each: ThreadComment): ThreadComment {
        const { replies, viewerReacted, ...rest } = each;
        return { replies: replies.map(reorder), ...rest, viewerReacted } as ThreadComment;
      }),
      nextCursor: null,
    };
    const sut = toPageText(reordered);
    expect(sut.flags).toBeNull();
    expect(withLikes(sut, new Set([all[0]!.id]))).toBeNull();
    // With nothing liked, the shared text is the reader's page as it is.
    expect(withLikes(sut, new Set())).toBe(sut.body);
  });
});
