import { randomUUID } from 'node:crypto';
import type { Comment, CommentWithContext } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { CommentsController } from '../src/comments/comments.controller.js';
import { commentScene } from './support/comment-scene.js';
import { backdateComment, createUser, postComment } from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';
import { appSuite } from './support/suite.js';

// An author's own comment after posting: editing it within the window, and deleting it.
appSuite('comments editing', (sut) => {
  const { thread, freshScene } = commentScene(sut);

  describe(CommentsController.name, () => {
    describe('PATCH /api/comments/:id', () => {
      it("edits the author's own comment within the window: 200, new body, editedAt set", async () => {
        const { slug, author } = await freshScene();
        const comment = await postComment(author.client, slug);

        const response = await author.client.patch<Comment>(`/api/comments/${comment.id}`, {
          body: '  Corrected text. ',
        });

        expect(response.status).toBe(200);
        expect(response.body.body).toBe('Corrected text.');
        expect(response.body.editedAt).not.toBeNull();
        expect(Date.parse(response.body.editedAt!)).toBeGreaterThanOrEqual(Date.parse(comment.createdAt));
        const read = await new ApiClient(sut.baseUrl).get<CommentWithContext>(`/api/comments/${comment.id}`);
        expect(read.body.comment).toMatchObject({
          body: 'Corrected text.',
          editedAt: response.body.editedAt,
        });
        // The thread listing formats its times in SQL: to the letter what the other reads send.
        const listed = (await thread(slug)).items.find((item) => item.id === comment.id);
        expect(listed).toMatchObject({
          createdAt: read.body.comment.createdAt,
          updatedAt: read.body.comment.updatedAt,
          editedAt: read.body.comment.editedAt,
        });
        expect(listed?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      });

      it('refuses an edit after the window with 403 comment/edit_window_closed, keeping the text', async () => {
        const { slug, author } = await freshScene();
        const comment = await postComment(author.client, slug);
        await backdateComment(sut.db, comment.id, 301);

        const response = await author.client.patch(`/api/comments/${comment.id}`, { body: 'Too late.' });

        expect(response.status).toBe(403);
        expect(errorOf(response).code).toBe('comment/edit_window_closed');
        const row = await sut.db
          .selectFrom('comments')
          .select(['body', 'editedAt'])
          .where('id', '=', comment.id)
          .executeTakeFirstOrThrow();
        expect(row).toEqual({ body: comment.body, editedAt: null });
      });

      it("refuses an edit of someone else's comment with 403 comment/not_author", async () => {
        const { slug, author } = await freshScene();
        const comment = await postComment(author.client, slug);
        const other = await createUser(sut);

        const response = await other.client.patch(`/api/comments/${comment.id}`, { body: 'Hijacked.' });

        expect(response.status).toBe(403);
        expect(errorOf(response).code).toBe('comment/not_author');
        const row = await sut.db
          .selectFrom('comments')
          .select('body')
          .where('id', '=', comment.id)
          .executeTakeFirstOrThrow();
        expect(row.body).toBe(comment.body);
      });

      it('refuses an empty edit with 400 and an anonymous one with 401', async () => {
        const { slug, author } = await freshScene();
        const comment = await postComment(author.client, slug);

        const empty = await author.client.patch(`/api/comments/${comment.id}`, { body: '   ' });
        const anonymous = await new ApiClient(sut.baseUrl).patch(`/api/comments/${comment.id}`, {
          body: 'Hello',
        });

        expect(empty.status).toBe(400);
        expect(errorOf(empty).message).toContain('body');
        expect(anonymous.status).toBe(401);
      });

      it('answers an unknown comment with 404 comment/not_found and a bad id with 400', async () => {
        const author = await createUser(sut);

        const unknown = await author.client.patch(`/api/comments/${randomUUID()}`, { body: 'Hello' });
        const bad = await author.client.patch('/api/comments/123', { body: 'Hello' });

        expect(unknown.status).toBe(404);
        expect(errorOf(unknown).code).toBe('comment/not_found');
        expect(bad.status).toBe(400);
        expect(errorOf(bad).code).toBe('request/invalid');
      });
    });

    describe('DELETE /api/comments/:id', () => {
      it('leaves a comment with replies as a placeholder without author or text, still listed', async () => {
        const { slug, author } = await freshScene();
        const parent = await postComment(author.client, slug);
        const replier = await createUser(sut);
        const reply = await postComment(replier.client, slug, { parentId: parent.id });

        const response = await author.client.delete(`/api/comments/${parent.id}`);

        expect(response.status).toBe(204);
        const { items } = await thread(slug);
        expect(items).toHaveLength(1);
        expect(items[0]).toMatchObject({
          id: parent.id,
          status: 'deleted',
          author: null,
          body: '',
          replyCount: 1,
        });
        expect(items[0]!.replies.map((nested) => nested.id)).toEqual([reply.id]);
        const row = await sut.db
          .selectFrom('comments')
          .select(['status', 'body'])
          .where('id', '=', parent.id)
          .executeTakeFirstOrThrow();
        expect(row).toEqual({ status: 'deleted', body: '' });
      });

      it('removes a comment without replies from the thread', async () => {
        const { slug, author } = await freshScene();
        const kept = await postComment((await createUser(sut)).client, slug);
        const comment = await postComment(author.client, slug);

        const response = await author.client.delete(`/api/comments/${comment.id}`);

        expect(response.status).toBe(204);
        expect((await thread(slug)).items.map((item) => item.id)).toEqual([kept.id]);
        const read = await new ApiClient(sut.baseUrl).get(`/api/comments/${comment.id}`);
        expect(read.status).toBe(404);
      });

      it('takes a placeholder out of the thread once its last reply is deleted', async () => {
        const { slug, author } = await freshScene();
        const parent = await postComment(author.client, slug);
        const replier = await createUser(sut);
        const reply = await postComment(replier.client, slug, { parentId: parent.id });
        await author.client.delete(`/api/comments/${parent.id}`);

        expect((await replier.client.delete(`/api/comments/${reply.id}`)).status).toBe(204);

        expect((await thread(slug)).items).toEqual([]);
      });

      it('refuses to edit a deleted comment with 409 comment/not_editable', async () => {
        const { slug, author } = await freshScene();
        const comment = await postComment(author.client, slug);
        await author.client.delete(`/api/comments/${comment.id}`);

        const response = await author.client.patch(`/api/comments/${comment.id}`, {
          body: 'Back from the dead.',
        });

        expect(response.status).toBe(409);
        expect(errorOf(response).code).toBe('comment/not_editable');
      });

      it("refuses to delete someone else's comment with 403 comment/not_author", async () => {
        const { slug, author } = await freshScene();
        const comment = await postComment(author.client, slug);
        const other = await createUser(sut);

        const response = await other.client.delete(`/api/comments/${comment.id}`);

        expect(response.status).toBe(403);
        expect(errorOf(response).code).toBe('comment/not_author');
        expect((await thread(slug)).items.map((item) => item.id)).toEqual([comment.id]);
      });
    });
  });
});
