import { randomUUID } from 'node:crypto';
import type { ReactionsUpdated } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { CommentsController } from '../src/comments/comments.controller.js';
import { commentScene } from './support/comment-scene.js';
import { createUser, established, postComment } from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';
import { appSuite } from './support/suite.js';

// What other readers do with a comment: like it, and report it.
appSuite('comments reactions and reports', (sut) => {
  const { thread, freshScene } = commentScene(sut);

  describe(CommentsController.name, () => {
    describe('PUT/DELETE /api/comments/:id/reactions/like', () => {
      it('counts a like once however often it is put, and removes it', async () => {
        const { slug, author } = await freshScene();
        const comment = await postComment(author.client, slug);
        const reader = await createUser(sut);
        const path = `/api/comments/${comment.id}/reactions/like`;

        const first = await reader.client.put<ReactionsUpdated>(path);
        const second = await reader.client.put<ReactionsUpdated>(path);

        expect(first.status).toBe(200);
        expect(first.body).toEqual({ id: comment.id, counts: { like: 1 } });
        expect(second.body).toEqual({ id: comment.id, counts: { like: 1 } });
        expect(
          await sut.db.selectFrom('reactions').select('userId').where('commentId', '=', comment.id).execute(),
        ).toHaveLength(1);
        const seenByReader = await thread(slug, reader.client);
        expect(seenByReader.items[0]).toMatchObject({ reactions: { like: 1 }, viewerReacted: true });
        expect((await thread(slug)).items[0]).toMatchObject({ reactions: { like: 1 }, viewerReacted: false });

        const removed = await reader.client.delete<ReactionsUpdated>(path);

        expect(removed.status).toBe(200);
        expect(removed.body).toEqual({ id: comment.id, counts: { like: 0 } });
        expect((await thread(slug, reader.client)).items[0]).toMatchObject({
          reactions: { like: 0 },
          viewerReacted: false,
        });
      });

      it("marks the viewer's likes on replies nested in the page, and only for that viewer", async () => {
        const { slug, author } = await freshScene();
        const top = await postComment(author.client, slug);
        const replier = await createUser(sut);
        const reply = await postComment(replier.client, slug, { parentId: top.id });
        const reader = await createUser(sut);

        expect((await reader.client.put(`/api/comments/${reply.id}/reactions/like`)).status).toBe(200);

        const nestedFor = async (client?: ApiClient) =>
          (await thread(slug, client)).items.find((item) => item.id === top.id)?.replies[0];
        expect(await nestedFor(reader.client)).toMatchObject({ id: reply.id, viewerReacted: true });
        expect((await thread(slug, reader.client)).items.find((item) => item.id === top.id)).toMatchObject({
          viewerReacted: false,
        });
        expect(await nestedFor(author.client)).toMatchObject({ id: reply.id, viewerReacted: false });
        expect(await nestedFor()).toMatchObject({ id: reply.id, viewerReacted: false });
      });

      it('refuses an unknown kind with 400, an unknown comment with 404 and anonymous readers with 401', async () => {
        const { slug, author } = await freshScene();
        const comment = await postComment(author.client, slug);
        const reader = await createUser(sut);

        const kind = await reader.client.put(`/api/comments/${comment.id}/reactions/love`);
        const unknown = await reader.client.put(`/api/comments/${randomUUID()}/reactions/like`);
        const anonymous = await new ApiClient(sut.baseUrl).put(`/api/comments/${comment.id}/reactions/like`);

        expect(kind.status).toBe(400);
        expect(errorOf(kind).message).toContain('kind');
        expect(unknown.status).toBe(404);
        expect(errorOf(unknown).code).toBe('comment/not_found');
        expect(anonymous.status).toBe(401);
      });
    });

    describe('POST /api/comments/:id/reports', () => {
      it('files a report with 201, answers a repeat with 200 and keeps one row', async () => {
        const { slug, author } = await freshScene();
        const comment = await postComment(author.client, slug);
        const reader = await createUser(sut);
        const path = `/api/comments/${comment.id}/reports`;

        const first = await reader.client.post(path, { reason: 'spam', note: 'Looks automated.' });
        const again = await reader.client.post(path, { reason: 'abuse' });

        expect(first.status).toBe(201);
        expect(first.body).toEqual({ reported: true });
        expect(again.status).toBe(200);
        const rows = await sut.db
          .selectFrom('reports')
          .select(['reason', 'note'])
          .where('commentId', '=', comment.id)
          .execute();
        expect(rows).toEqual([{ reason: 'spam', note: 'Looks automated.' }]);
      });

      it("refuses a report of one's own comment with 422 comment/own_comment", async () => {
        const { slug, author } = await freshScene();
        const comment = await postComment(author.client, slug);

        const response = await author.client.post(`/api/comments/${comment.id}/reports`, { reason: 'spam' });

        expect(response.status).toBe(422);
        expect(errorOf(response).code).toBe('comment/own_comment');
        expect(
          await sut.db.selectFrom('reports').select('id').where('commentId', '=', comment.id).execute(),
        ).toHaveLength(0);
      });

      it('refuses an unknown reason with 400 naming it', async () => {
        const { slug, author } = await freshScene();
        const comment = await postComment(author.client, slug);
        const reader = await createUser(sut);

        const response = await reader.client.post(`/api/comments/${comment.id}/reports`, {
          reason: 'boring',
        });

        expect(response.status).toBe(400);
        expect(errorOf(response).message).toContain('reason');
      });

      it('holds a comment for review once three readers report it, taking it out of the thread', async () => {
        const { slug, author } = await freshScene();
        const comment = await postComment(author.client, slug);
        const reporters = await Promise.all([
          createUser(sut, established()),
          createUser(sut, established()),
          createUser(sut, established()),
        ]);

        for (const reporter of reporters.slice(0, 2)) {
          expect(
            (await reporter.client.post(`/api/comments/${comment.id}/reports`, { reason: 'abuse' })).status,
          ).toBe(201);
        }
        expect((await thread(slug)).items.map((item) => item.id)).toEqual([comment.id]);
        await reporters[2]!.client.post(`/api/comments/${comment.id}/reports`, { reason: 'abuse' });

        expect((await thread(slug)).items).toEqual([]);
        const row = await sut.db
          .selectFrom('comments')
          .select(['status', 'reportCount'])
          .where('id', '=', comment.id)
          .executeTakeFirstOrThrow();
        expect(row).toEqual({ status: 'pending', reportCount: 3 });
      });
    });
  });
});
