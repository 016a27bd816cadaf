import type { Comment, ThreadComment } from '@parley/shared';
import { createTestingPinia } from '@pinia/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { commentsApi } from '../api/comments.js';
import { ApiError } from '../api/http.js';
import { useThreadStore } from '../stores/thread.js';
import { comment, me, reply, threadComment } from '../testing/factories.js';
import { focusPermalink, permalinkPlace, permalinkTarget } from './useCommentPermalink.js';

vi.mock('../api/comments.js', () => ({
  commentsApi: { list: vi.fn(), replies: vi.fn(), get: vi.fn() },
}));
vi.mock('../api/socket.js', () => ({ currentSocketId: () => 'socket-1', reconnectSocket: vi.fn() }));

const api = vi.mocked(commentsApi);
const SLUG = 'an-article';

/** A chain from a top-level comment down to depth `depth`. */
function chainTo(depth: number): Comment[] {
  const chain: Comment[] = [comment()];
  while (chain.length <= depth) chain.push(reply(chain.at(-1)!));
  return chain;
}

const context = (chain: Comment[], storySlug = SLUG) => ({
  comment: chain.at(-1)!,
  ancestors: chain.slice(0, -1),
  storySlug,
});

describe(permalinkTarget.name, () => {
  it('reads ?comment= first, then #comment-<id>', () => {
    const id = '00000000-0000-4000-8000-00000000abcd';
    expect(permalinkTarget({ query: { comment: 'x' }, hash: `#comment-${id}` })).toBe('x');
    expect(permalinkTarget({ query: {}, hash: `#comment-${id}` })).toBe(id);
    expect(permalinkTarget({ query: {}, hash: '#elsewhere' })).toBeNull();
  });
});

describe(permalinkPlace.name, () => {
  const article = { slug: SLUG, subthread: null };

  it('shows a comment of this article here with all its ancestors', () => {
    const chain = chainTo(2);
    expect(permalinkPlace(context(chain), article)).toEqual({ kind: 'here', chain });
  });

  it('sends a comment of another article to that article', () => {
    const chain = chainTo(1);
    expect(permalinkPlace(context(chain, 'other'), article)).toEqual({
      kind: 'elsewhere',
      path: `/stories/other?comment=${chain[1]!.id}`,
    });
  });

  it('sends a comment too deep for this view to "continue this thread"', () => {
    const chain = chainTo(5);
    expect(permalinkPlace(context(chain), article)).toEqual({
      kind: 'elsewhere',
      path: `/comments/${chain[2]!.id}?comment=${chain[5]!.id}`,
    });
  });

  it('in a subthread view, shows the part of the chain under it, counting depth from it', () => {
    const chain = chainTo(5);
    const view = { slug: SLUG, subthread: { id: chain[2]!.id, depth: 2 } };
    expect(permalinkPlace(context(chain), view)).toEqual({ kind: 'here', chain: chain.slice(2) });
  });

  it('from a subthread view, sends a comment of another thread to the article, or deeper down', () => {
    const shallow = chainTo(1);
    const deep = chainTo(4);
    const view = { slug: SLUG, subthread: { id: comment().id, depth: 0 } };

    expect(permalinkPlace(context(shallow), view)).toEqual({
      kind: 'elsewhere',
      path: `/stories/${SLUG}?comment=${shallow[1]!.id}`,
    });
    expect(permalinkPlace(context(deep), view)).toEqual({
      kind: 'elsewhere',
      path: `/comments/${deep[1]!.id}?comment=${deep[4]!.id}`,
    });
  });
});

describe(focusPermalink.name, () => {
  beforeEach(() => vi.clearAllMocks());

  async function loaded(items: ThreadComment[]) {
    createTestingPinia({
      createSpy: vi.fn,
      stubActions: false,
      initialState: { session: { me: me(), loaded: true } },
    });
    const sut = useThreadStore();
    api.list.mockResolvedValueOnce({ data: { items, nextCursor: null }, serverTime: null });
    await sut.loadStory(SLUG, { total: items.length });
    return sut;
  }

  it('marks a comment already on screen without asking the server', async () => {
    const shown = comment();
    const thread = await loaded([threadComment(shown)]);

    expect(await focusPermalink(thread, shown.id)).toEqual({ kind: 'here' });

    expect(thread.focusId).toBe(shown.id);
    expect(api.get).not.toHaveBeenCalled();
  });

  it('fetches a comment that is not loaded and puts it under its ancestors', async () => {
    const thread = await loaded([]);
    const root = comment({ replyCount: 2 });
    const target = reply(root);
    api.get.mockResolvedValueOnce(context([root, target]));

    expect(await focusPermalink(thread, target.id)).toEqual({ kind: 'here' });

    expect(thread.topLevelIds).toEqual([root.id]);
    expect(thread.replyIds(root.id)).toEqual([target.id]);
    expect(thread.focusId).toBe(target.id);
    expect(thread.moreReplies(root.id)).toBe(1);
  });

  it('says where to go instead, and why a comment is missing', async () => {
    const thread = await loaded([]);
    const chain = chainTo(5);
    api.get
      .mockResolvedValueOnce(context(chain))
      .mockRejectedValueOnce(new ApiError('comment/not_found', 'That comment does not exist.', 404));

    expect(await focusPermalink(thread, chain[5]!.id)).toEqual({
      kind: 'elsewhere',
      path: `/comments/${chain[2]!.id}?comment=${chain[5]!.id}`,
    });
    expect(await focusPermalink(thread, 'gone')).toEqual({
      kind: 'missing',
      message: 'That comment does not exist.',
    });
    expect(thread.focusId).toBeNull();
    expect(thread.topLevelIds).toEqual([]);
  });
});
