import { randomUUID } from 'node:crypto';
import { MAX_REPLY_DEPTH, type Comment, type CommentChanges, type CommentWithContext } from '@parley/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { CommentsController } from '../src/comments/comments.controller.js';
import { BOOT_TIMEOUT_MS } from './support/app.js';
import { createStory, createUser, loginAdmin, postComment, type TestUser } from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';
import { appSuite } from './support/suite.js';
import { postAsNewAuthor, readThreadPage } from './support/thread.js';

appSuite('thread reading', (sut) => {
  let anonymous: ApiClient;
  let admin: ApiClient;

  beforeAll(async () => {
    anonymous = new ApiClient(sut.baseUrl);
    admin = await loginAdmin(sut);
  }, BOOT_TIMEOUT_MS);

  /** Each comment by a fresh author: the posting interval is per author. */
  const post = (slug: string, parentId?: string) => postAsNewAuthor(sut, slug, parentId);
  const page = (path: string) => readThreadPage(anonymous, path);

  /** A moderator's decision through the API, as the moderation page makes it. */
  async function decide(id: string, decision: 'approve' | 'reject'): Promise<void> {
    const response = await admin.post(
      `/api/moderation/comments/${id}/${decision}`,
      decision === 'reject' ? { reason: 'spam' } : {},
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  }

  describe(CommentsController.name, () => {
    describe('GET /api/comments/:id/replies', () => {
      it("pages a comment's replies oldest first by cursor", async () => {
        const { slug } = await createStory(sut.db);
        const root = await post(slug);
        const replies: Comment[] = [];
        for (let i = 0; i < 5; i++) replies.push(await post(slug, root.id));

        const first = await page(`/api/comments/${root.id}/replies?limit=2`);
        const second = await page(`/api/comments/${root.id}/replies?limit=2&cursor=${first.nextCursor}`);
        const third = await page(`/api/comments/${root.id}/replies?limit=2&cursor=${second.nextCursor}`);

        expect([first, second, third].flatMap((each) => each.items.map((item) => item.id))).toEqual(
          replies.map((reply) => reply.id),
        );
        expect(third.nextCursor).toBeNull();
      });

      it('answers an unknown comment with 404 and a bad cursor with 400', async () => {
        const { slug } = await createStory(sut.db);
        const root = await post(slug);

        const unknown = await anonymous.get(`/api/comments/${randomUUID()}/replies`);
        const badCursor = await anonymous.get(`/api/comments/${root.id}/replies?cursor=nonsense`);

        expect(unknown.status).toBe(404);
        expect(errorOf(unknown).code).toBe('comment/not_found');
        expect(badCursor.status).toBe(400);
        expect(errorOf(badCursor).code).toBe('request/invalid');
      });
    });

    describe('GET /api/comments/:id', () => {
      it('returns the comment with its ancestors, root first, and the story slug', async () => {
        const { slug } = await createStory(sut.db);
        const root = await post(slug);
        const child = await post(slug, root.id);
        const grandchild = await post(slug, child.id);
        const leaf = await post(slug, grandchild.id);

        const response = await anonymous.get<CommentWithContext>(`/api/comments/${leaf.id}`);

        expect(response.status).toBe(200);
        expect(response.body.comment).toMatchObject({
          id: leaf.id,
          depth: 3,
          rootId: root.id,
          parentId: grandchild.id,
        });
        expect(response.body.ancestors.map((ancestor) => ancestor.id)).toEqual([
          root.id,
          child.id,
          grandchild.id,
        ]);
        expect(response.body.storySlug).toBe(slug);
      });

      it('shows a held or rejected ancestor as a placeholder, except to its author and staff', async () => {
        const { slug } = await createStory(sut.db);
        const rootAuthor = await createUser(sut);
        const childAuthor = await createUser(sut);
        const root = await postComment(rootAuthor.client, slug);
        const child = await postComment(childAuthor.client, slug, { parentId: root.id });
        const leaf = await post(slug, child.id);
        await decide(child.id, 'reject');
        await sut.db.updateTable('comments').set({ status: 'pending' }).where('id', '=', root.id).execute();
        const stranger = await createUser(sut);

        const ancestorsFor = async (client: ApiClient) => {
          const response = await client.get<CommentWithContext>(`/api/comments/${leaf.id}`);
          expect(response.status, JSON.stringify(response.body)).toBe(200);
          return response.body.ancestors;
        };
        const readable = (author: TestUser, comment: Comment) => ({
          id: comment.id,
          body: comment.body,
          author: expect.objectContaining({ id: author.me.id }),
        });
        const placeholder = (comment: Comment, status: string) => ({
          id: comment.id,
          body: '',
          author: null,
          status,
          featured: false,
          editedAt: null,
          reactions: { like: 0 },
        });

        for (const reader of [anonymous, stranger.client]) {
          const ancestors = await ancestorsFor(reader);
          expect(ancestors).toEqual([
            expect.objectContaining(placeholder(root, 'pending')),
            expect.objectContaining(placeholder(child, 'rejected')),
          ]);
          expect(JSON.stringify(ancestors)).not.toContain(child.body);
        }
        expect(await ancestorsFor(childAuthor.client)).toEqual([
          expect.objectContaining(placeholder(root, 'pending')),
          expect.objectContaining(readable(childAuthor, child)),
        ]);
        expect(await ancestorsFor(admin)).toEqual([
          expect.objectContaining(readable(rootAuthor, root)),
          expect.objectContaining(readable(childAuthor, child)),
        ]);
      });

      it(`answers at most ${MAX_REPLY_DEPTH} ancestors, the nearest, for a chain stored deeper`, async () => {
        const { id: storyId, slug } = await createStory(sut.db);
        const author = await createUser(sut);
        const ids = Array.from({ length: MAX_REPLY_DEPTH + 5 }, () => randomUUID());
        // Chains this deep predate the cap; only the database can still hold one.
        await sut.db
          .insertInto('comments')
          .values(
            ids.map((id, depth) => ({
              id,
              storyId,
              parentId: depth === 0 ? null : ids[depth - 1]!,
              rootId: ids[0]!,
              depth,
              authorId: author.me.id,
              body: `level ${depth}`,
              status: 'published' as const,
            })),
          )
          .execute();

        const response = await anonymous.get<CommentWithContext>(`/api/comments/${ids.at(-1)}`);

        expect(response.status).toBe(200);
        expect(response.body.storySlug).toBe(slug);
        expect(response.body.ancestors.map((ancestor) => ancestor.id)).toEqual(
          ids.slice(-1 - MAX_REPLY_DEPTH, -1),
        );
      });

      it('returns a top-level comment with no ancestors, and 404 for an unknown id', async () => {
        const { slug } = await createStory(sut.db);
        const root = await post(slug);

        const found = await anonymous.get<CommentWithContext>(`/api/comments/${root.id}`);
        const unknown = await anonymous.get(`/api/comments/${randomUUID()}`);

        expect(found.body.ancestors).toEqual([]);
        expect(found.body.comment.id).toBe(root.id);
        expect(unknown.status).toBe(404);
        expect(errorOf(unknown).code).toBe('comment/not_found');
      });
    });

    describe('POST /api/stories/:slug/comments', () => {
      it(`attaches a reply to a comment at depth ${MAX_REPLY_DEPTH} beside it, under the same parent`, async () => {
        const { slug } = await createStory(sut.db);
        const chain = [await post(slug)];
        while (chain.length <= MAX_REPLY_DEPTH) chain.push(await post(slug, chain.at(-1)!.id));
        const deepest = chain.at(-1)!;

        const reply = await post(slug, deepest.id);
        const context = await anonymous.get<CommentWithContext>(`/api/comments/${reply.id}`);
        const siblings = await page(`/api/comments/${deepest.parentId}/replies`);

        expect(deepest.depth).toBe(MAX_REPLY_DEPTH);
        expect(reply).toMatchObject({
          parentId: deepest.parentId,
          rootId: chain[0]!.id,
          depth: MAX_REPLY_DEPTH,
        });
        expect(context.body.ancestors.map((ancestor) => ancestor.id)).toEqual(
          chain.slice(0, MAX_REPLY_DEPTH).map((comment) => comment.id),
        );
        expect(siblings.items.map((item) => item.id)).toEqual([deepest.id, reply.id]);
      });
    });

    describe('GET /api/stories/:slug/comments/changes', () => {
      it('names as removed only comments that readers could once see', async () => {
        const { slug } = await createStory(sut.db, { premod: 'all' });
        const since = new Date(Date.now() - 1000).toISOString();
        const heldThenRejected = await post(slug);
        const stillHeld = await post(slug);
        const approvedThenRejected = await post(slug);
        await decide(heldThenRejected.id, 'reject');
        await decide(approvedThenRejected.id, 'approve');
        await decide(approvedThenRejected.id, 'reject');

        const response = await anonymous.get<CommentChanges>(
          `/api/stories/${slug}/comments/changes?since=${encodeURIComponent(since)}`,
        );

        expect(response.status).toBe(200);
        expect([heldThenRejected, stillHeld].map((comment) => comment.status)).toEqual([
          'pending',
          'pending',
        ]);
        expect(response.body.changed).toEqual([]);
        expect(response.body.removedIds).toEqual([approvedThenRejected.id]);
      });
    });
  });
});
