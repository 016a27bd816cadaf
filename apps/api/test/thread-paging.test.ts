import { randomUUID } from 'node:crypto';
import type { Comment, CommentSort, ThreadPage } from '@parley/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { CommentsController } from '../src/comments/comments.controller.js';
import { createStory, createUser } from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';
import { appSuite } from './support/suite.js';
import { postAsNewAuthor, readThreadPage } from './support/thread.js';

/** Orders as the server documents: the sort key, then (createdAt, id), all in the sort's direction. */
function expectedOrder(comments: Comment[], sort: CommentSort): string[] {
  const byTime = (a: Comment, b: Comment) =>
    a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1;
  const key = (comment: Comment) =>
    sort === 'top' ? comment.reactions.like : sort === 'replies' ? comment.replyCount : 0;
  const sorted = [...comments].sort((a, b) => (key(a) !== key(b) ? key(a) - key(b) : byTime(a, b)));
  if (sort !== 'oldest') sorted.reverse();
  return sorted.map((comment) => comment.id);
}

appSuite('thread reading', (sut) => {
  let anonymous: ApiClient;

  beforeAll(() => {
    anonymous = new ApiClient(sut.baseUrl);
  });

  /** Each comment by a fresh author: the posting interval is per author. */
  const post = (slug: string, parentId?: string) => postAsNewAuthor(sut, slug, parentId);
  const page = (path: string) => readThreadPage(anonymous, path);

  async function like(commentId: string, times: number): Promise<void> {
    for (let i = 0; i < times; i++) {
      const reader = await createUser(sut);
      expect((await reader.client.put(`/api/comments/${commentId}/reactions/like`)).status).toBe(200);
    }
  }

  /** Follows nextCursor to the end; returns every page. */
  async function allPages(slug: string, sort: CommentSort, limit: number): Promise<ThreadPage[]> {
    const pages: ThreadPage[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `sort=${sort}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const next = await page(`/api/stories/${slug}/comments?${query}`);
      pages.push(next);
      cursor = next.nextCursor;
    } while (cursor && pages.length < 20);
    return pages;
  }

  /** The top-level comments as they stand now (reaction and reply counts included). */
  async function current(slug: string): Promise<Comment[]> {
    return (await page(`/api/stories/${slug}/comments?limit=100`)).items;
  }

  describe(CommentsController.name, () => {
    describe('GET /api/stories/:slug/comments', () => {
      it('orders newest, oldest, top and replies as documented, ties broken by time', async () => {
        const { slug } = await createStory(sut.db);
        const [a, b, c, d] = [await post(slug), await post(slug), await post(slug), await post(slug)];
        await like(b!.id, 2);
        await like(d!.id, 1);
        await post(slug, c!.id);
        await post(slug, c!.id);
        await post(slug, a!.id);
        const comments = await current(slug);

        const ids = async (sort: CommentSort) =>
          (await page(`/api/stories/${slug}/comments?sort=${sort}`)).items.map((item) => item.id);

        expect(await ids('newest')).toEqual([d!.id, c!.id, b!.id, a!.id]);
        expect(await ids('oldest')).toEqual([a!.id, b!.id, c!.id, d!.id]);
        expect(await ids('top')).toEqual([b!.id, d!.id, c!.id, a!.id]);
        expect(await ids('replies')).toEqual([c!.id, a!.id, d!.id, b!.id]);
        // The default is newest first, and the documented rule agrees with the literal orders above.
        expect((await page(`/api/stories/${slug}/comments`)).items.map((item) => item.id)).toEqual(
          await ids('newest'),
        );
        for (const sort of ['newest', 'oldest', 'top', 'replies'] as const) {
          expect(await ids(sort)).toEqual(expectedOrder(comments, sort));
        }
      });

      it.each(['newest', 'oldest', 'top', 'replies'] as const)(
        'pages through every top-level comment exactly once by cursor (sort %s)',
        async (sort) => {
          const { slug } = await createStory(sut.db);
          const posted: Comment[] = [];
          for (let i = 0; i < 7; i++) posted.push(await post(slug));
          // Ties on purpose: equal reaction and reply counts must still page without overlap.
          await like(posted[1]!.id, 1);
          await like(posted[4]!.id, 1);
          await post(slug, posted[2]!.id);
          await post(slug, posted[5]!.id);
          const comments = await current(slug);

          const pages = await allPages(slug, sort, 3);

          expect(pages.map((each) => each.items.length)).toEqual([3, 3, 1]);
          expect(pages.at(-1)!.nextCursor).toBeNull();
          const seen = pages.flatMap((each) => each.items.map((item) => item.id));
          expect(new Set(seen).size).toBe(seen.length);
          expect(seen).toEqual(expectedOrder(comments, sort));
        },
      );

      it('keeps paging without overlap when comments arrive between pages', async () => {
        const { slug } = await createStory(sut.db);
        const posted: Comment[] = [];
        for (let i = 0; i < 5; i++) posted.push(await post(slug));

        const first = await page(`/api/stories/${slug}/comments?limit=2`);
        const arrived = await post(slug);
        const second = await page(`/api/stories/${slug}/comments?limit=2&cursor=${first.nextCursor}`);
        const third = await page(`/api/stories/${slug}/comments?limit=2&cursor=${second.nextCursor}`);

        const seen = [first, second, third].flatMap((each) => each.items.map((item) => item.id));
        expect(seen).toEqual(posted.map((comment) => comment.id).reverse());
        expect(seen).not.toContain(arrived.id);
        expect(third.nextCursor).toBeNull();
      });

      it('nests the first 3 replies two levels deep with replyCount and repliesCursor', async () => {
        const { slug } = await createStory(sut.db);
        const root = await post(slug);
        const replies: Comment[] = [];
        for (let i = 0; i < 5; i++) replies.push(await post(slug, root.id));
        const grandchildren: Comment[] = [];
        for (let i = 0; i < 4; i++) grandchildren.push(await post(slug, replies[0]!.id));
        const deepest = await post(slug, grandchildren[0]!.id);

        const { items } = await page(`/api/stories/${slug}/comments`);

        expect(items.map((item) => item.id)).toEqual([root.id]);
        const top = items[0]!;
        expect(top.replyCount).toBe(5);
        expect(top.replies.map((reply) => reply.id)).toEqual(replies.slice(0, 3).map((reply) => reply.id));
        expect(top.repliesCursor).not.toBeNull();
        const first = top.replies[0]!;
        expect(first.replyCount).toBe(4);
        expect(first.replies.map((reply) => reply.id)).toEqual(
          grandchildren.slice(0, 3).map((reply) => reply.id),
        );
        expect(first.repliesCursor).not.toBeNull();
        // Third level: counted, not nested; the client fetches it from the start.
        const second = first.replies[0]!;
        expect(second).toMatchObject({
          id: grandchildren[0]!.id,
          depth: 2,
          replyCount: 1,
          replies: [],
          repliesCursor: null,
        });
        // A reply with no replies has nothing to continue.
        expect(top.replies[1]).toMatchObject({ replyCount: 0, replies: [], repliesCursor: null });

        const rest = await page(`/api/comments/${root.id}/replies?cursor=${top.repliesCursor}`);
        expect(rest.items.map((item) => item.id)).toEqual(replies.slice(3).map((reply) => reply.id));
        expect(rest.nextCursor).toBeNull();
        const restOfFirst = await page(`/api/comments/${first.id}/replies?cursor=${first.repliesCursor}`);
        expect(restOfFirst.items.map((item) => item.id)).toEqual([grandchildren[3]!.id]);
        const third = await page(`/api/comments/${second.id}/replies`);
        expect(third.items.map((item) => item.id)).toEqual([deepest.id]);
      });

      it('answers an unknown story with 404 and a bad sort or limit with 400', async () => {
        const unknown = await anonymous.get('/api/stories/no-such-story/comments');
        const sort = await anonymous.get('/api/stories/lavrov-west-balkans-bridgehead/comments?sort=loudest');
        const limit = await anonymous.get('/api/stories/lavrov-west-balkans-bridgehead/comments?limit=500');

        expect(unknown.status).toBe(404);
        expect(errorOf(unknown).code).toBe('story/not_found');
        expect(sort.status).toBe(400);
        expect(errorOf(sort).message).toContain('sort');
        expect(limit.status).toBe(400);
        expect(errorOf(limit).message).toContain('limit');
      });

      it.each([
        { case: 'garbage', cursor: () => 'not-a-cursor' },
        {
          case: 'valid base64 of the wrong shape',
          cursor: () => Buffer.from('{"a":1}').toString('base64url'),
        },
        {
          case: 'a top cursor used for newest',
          cursor: () => Buffer.from('[3,"2024-01-01T00:00:00.000Z","x"]').toString('base64url'),
        },
        {
          case: 'an id that is not a UUID',
          cursor: () => Buffer.from('["2024-01-01T00:00:00.000Z","x"]').toString('base64url'),
        },
        {
          case: 'a time that is not a time',
          cursor: () => Buffer.from(`["yesterday","${randomUUID()}"]`).toString('base64url'),
        },
        {
          case: 'an impossible date',
          cursor: () => Buffer.from(`["2024-02-30T00:00:00.000Z","${randomUUID()}"]`).toString('base64url'),
        },
        {
          case: 'a fractional count',
          sort: 'top',
          cursor: () =>
            Buffer.from(`[1.5,"2024-01-01T00:00:00.000Z","${randomUUID()}"]`).toString('base64url'),
        },
        {
          case: 'a count beyond int4',
          sort: 'replies',
          cursor: () =>
            Buffer.from(`[1e12,"2024-01-01T00:00:00.000Z","${randomUUID()}"]`).toString('base64url'),
        },
      ])('refuses a cursor that is $case with 400 request/invalid', async ({ cursor, sort = 'newest' }) => {
        const response = await anonymous.get(
          `/api/stories/lavrov-west-balkans-bridgehead/comments?sort=${sort}&cursor=${cursor()}`,
        );

        expect(response.status).toBe(400);
        expect(errorOf(response).code).toBe('request/invalid');
        expect(errorOf(response).message).toContain('cursor');
      });
    });
  });
});
