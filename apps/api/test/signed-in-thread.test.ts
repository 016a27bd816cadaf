import type { ThreadPage } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { CommentsController } from '../src/comments/comments.controller.js';
import { createStory, createUser, postComment, type TestUser } from './support/factories.js';
import { ApiClient } from './support/http.js';
import { appSuite } from './support/suite.js';

/*
 * A signed-in reader's first page is the shared (cached) page with their own likes set, tagged by
 * the story's version and the reader: what they see must be what a page built for them shows, at
 * once after each change, and their ETag must move with every change to either.
 */
appSuite('signed-in thread pages', (sut) => {
  const path = (slug: string) => `/api/stories/${slug}/comments?sort=newest`;

  async function read(slug: string, client?: ApiClient, etag?: string) {
    return (client ?? new ApiClient(sut.baseUrl)).get<ThreadPage>(path(slug), {
      headers: etag ? { 'if-none-match': etag } : {},
    });
  }

  /** A story with a comment and a reply to it, read (so cached) by nobody and by `reader`. */
  async function scene(): Promise<{ slug: string; reader: TestUser; top: string; reply: string }> {
    const { slug } = await createStory(sut.db);
    const top = await postComment((await createUser(sut)).client, slug);
    const reply = await postComment((await createUser(sut)).client, slug, { parentId: top.id });
    const reader = await createUser(sut);
    await read(slug);
    await read(slug, reader.client);
    return { slug, reader, top: top.id, reply: reply.id };
  }

  const flags = (page: ThreadPage) =>
    page.items.flatMap((item) => [
      [item.id, item.viewerReacted],
      ...item.replies.map((reply) => [reply.id, reply.viewerReacted]),
    ]);

  describe(CommentsController.name, () => {
    it('shows a like, and its removal, on the reader’s next read, and to nobody else', async () => {
      const { slug, reader, top, reply } = await scene();
      const other = await createUser(sut);

      expect((await reader.client.put(`/api/comments/${reply}/reactions/like`)).status).toBe(200);
      const liked = await read(slug, reader.client);
      expect(flags(liked.body)).toEqual([
        [top, false],
        [reply, true],
      ]);
      expect(liked.body.items[0]!.replies[0]!.reactions.like).toBe(1);
      expect(flags((await read(slug, other.client)).body)).toEqual([
        [top, false],
        [reply, false],
      ]);
      expect(flags((await read(slug)).body)).toEqual([
        [top, false],
        [reply, false],
      ]);

      expect((await reader.client.put(`/api/comments/${top}/reactions/like`)).status).toBe(200);
      expect((await reader.client.delete(`/api/comments/${reply}/reactions/like`)).status).toBe(200);
      expect(flags((await read(slug, reader.client)).body)).toEqual([
        [top, true],
        [reply, false],
      ]);
    });

    it('tags a reader’s page for them alone, answers 304 while nothing changed, and moves the tag with any change', async () => {
      const { slug, reader, top } = await scene();
      const other = await createUser(sut);
      const first = await read(slug, reader.client);
      const tag = first.headers.get('etag')!;
      expect(tag).toMatch(/^".+"$/);
      expect(first.headers.get('cache-control')).toBe('private, no-cache');
      // Not the anonymous page's tag, nor another reader's, though the three bodies are the same.
      const anonymous = await read(slug);
      const others = await read(slug, other.client);
      expect(JSON.stringify(anonymous.body)).toBe(JSON.stringify(first.body));
      expect(new Set([tag, anonymous.headers.get('etag'), others.headers.get('etag')]).size).toBe(3);
      expect((await read(slug, other.client, tag)).status).toBe(200);
      expect((await read(slug, undefined, tag)).status).toBe(200);

      const notModified = await read(slug, reader.client, tag);
      expect(notModified.status).toBe(304);

      // Their own like.
      await reader.client.put(`/api/comments/${top}/reactions/like`);
      const afterLike = await read(slug, reader.client, tag);
      expect(afterLike.status).toBe(200);
      expect(afterLike.body.items[0]!.viewerReacted).toBe(true);
      const likedTag = afterLike.headers.get('etag')!;
      expect(likedTag).not.toBe(tag);
      expect((await read(slug, reader.client, likedTag)).status).toBe(304);

      // A change to the thread by someone else.
      const posted = await postComment((await createUser(sut)).client, slug);
      const afterPost = await read(slug, reader.client, likedTag);
      expect(afterPost.status).toBe(200);
      expect(afterPost.headers.get('etag')).not.toBe(likedTag);
      expect(afterPost.body.items.map((item) => [item.id, item.viewerReacted])).toEqual([
        [posted.id, false],
        [top, true],
      ]);
    });
  });
});
