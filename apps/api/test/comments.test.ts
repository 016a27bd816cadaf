import { randomUUID } from 'node:crypto';
import { sql } from '@parley/db';
import {
  COMMENT_MAX_LENGTH,
  type Comment,
  type CommentWithContext,
  type CreateCommentResponse,
  type ReactionsUpdated,
  type ThreadPage,
} from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { CommentsController } from '../src/comments/comments.controller.js';
import { CommentPostingRepository, REPEAT_CHECK_RECENT } from '../src/comments/comment-posting.repository.js';
import {
  backdateComment,
  createStory,
  createUser,
  established,
  postComment,
  uniqueBody,
  type TestUser,
} from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';
import { appSuite } from './support/suite.js';

appSuite('comments', (sut) => {
  async function rowsBy(authorId: string) {
    return sut.db.selectFrom('comments').selectAll().where('authorId', '=', authorId).execute();
  }

  async function thread(slug: string, client = new ApiClient(sut.baseUrl)): Promise<ThreadPage> {
    const response = await client.get<ThreadPage>(`/api/stories/${slug}/comments?limit=100`);
    expect(response.status).toBe(200);
    return response.body;
  }

  /** A story of its own and a fresh author (the posting interval is per author). */
  async function freshScene(): Promise<{ slug: string; author: TestUser }> {
    const [story, author] = await Promise.all([createStory(sut.db), createUser(sut)]);
    return { slug: story.slug, author };
  }

  describe(CommentsController.name, () => {
    describe('POST /api/stories/:slug/comments', () => {
      it('stores a published comment with its body trimmed and answers 201', async () => {
        const { slug, author } = await freshScene();

        const response = await author.client.post<CreateCommentResponse>(`/api/stories/${slug}/comments`, {
          body: '   Well argued.  \n ',
        });

        expect(response.status).toBe(201);
        const comment = response.body.comment;
        expect(comment).toMatchObject({
          body: 'Well argued.',
          status: 'published',
          parentId: null,
          depth: 0,
          replyCount: 0,
          editedAt: null,
          author: { id: author.me.id, username: author.username },
        });
        expect(comment.rootId).toBe(comment.id);
        const rows = await rowsBy(author.me.id);
        expect(rows.map((row) => [row.id, row.body])).toEqual([[comment.id, 'Well argued.']]);
        expect((await thread(slug)).items.map((item) => item.id)).toEqual([comment.id]);
      });

      it('answers a retry with the same clientId with 200 and the same comment, storing one row', async () => {
        const { slug, author } = await freshScene();
        const input = { body: uniqueBody(), clientId: randomUUID() };

        const first = await author.client.post<CreateCommentResponse>(`/api/stories/${slug}/comments`, input);
        const retry = await author.client.post<CreateCommentResponse>(`/api/stories/${slug}/comments`, input);

        expect(first.status).toBe(201);
        expect(retry.status).toBe(200);
        expect(retry.body.comment.id).toBe(first.body.comment.id);
        expect(await rowsBy(author.me.id)).toHaveLength(1);
      });

      it('answers concurrent retries with the same clientId with one comment and stores one row', async () => {
        const { slug, author } = await freshScene();
        const input = { body: uniqueBody(), clientId: randomUUID() };

        const responses = await Promise.all(
          Array.from({ length: 4 }, () =>
            author.client.post<CreateCommentResponse>(`/api/stories/${slug}/comments`, input),
          ),
        );

        expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 200, 201]);
        const ids = new Set(responses.map((response) => response.body.comment.id));
        expect(ids.size).toBe(1);
        expect(await rowsBy(author.me.id)).toHaveLength(1);
      });

      it('stores one of two concurrent posts by one author and refuses the other as too fast', async () => {
        const { slug, author } = await freshScene();

        const responses = await Promise.all(
          [uniqueBody(), uniqueBody()].map((body) =>
            author.client.post(`/api/stories/${slug}/comments`, { body }),
          ),
        );

        expect(responses.map((response) => response.status).sort()).toEqual([201, 429]);
        expect(await rowsBy(author.me.id)).toHaveLength(1);
      });

      it('keeps clientIds per author: another author with the same clientId gets a comment of their own', async () => {
        const { slug, author } = await freshScene();
        const other = await createUser(sut);
        const clientId = randomUUID();

        const first = await postComment(author.client, slug, { clientId });
        const second = await postComment(other.client, slug, { clientId });

        expect(second.id).not.toBe(first.id);
        expect(second.author?.id).toBe(other.me.id);
      });

      it.each([
        { case: 'an empty body', body: { body: '' }, field: 'body' },
        { case: 'a body of spaces only', body: { body: ' \n\t ' }, field: 'body' },
        {
          case: `a body of ${COMMENT_MAX_LENGTH + 1} characters`,
          body: { body: 'x'.repeat(COMMENT_MAX_LENGTH + 1) },
          field: 'body',
        },
        { case: 'no body', body: {}, field: 'body' },
        { case: 'a body that is not text', body: { body: 42 }, field: 'body' },
        { case: 'a clientId that is not a UUID', body: { body: 'fine', clientId: 'abc' }, field: 'clientId' },
        { case: 'a parentId that is not a UUID', body: { body: 'fine', parentId: '1' }, field: 'parentId' },
      ])('refuses $case with 400 request/invalid naming $field, storing nothing', async ({ body, field }) => {
        const { slug, author } = await freshScene();

        const response = await author.client.post(`/api/stories/${slug}/comments`, body);

        expect(response.status).toBe(400);
        expect(errorOf(response).code).toBe('request/invalid');
        expect(errorOf(response).fields).toHaveProperty(field);
        expect(errorOf(response).message).toContain(field);
        expect(await rowsBy(author.me.id)).toHaveLength(0);
      });

      it(`accepts a body of exactly ${COMMENT_MAX_LENGTH} characters`, async () => {
        const { slug, author } = await freshScene();
        const body = `${'y'.repeat(COMMENT_MAX_LENGTH - 36)}${randomUUID()}`;

        const comment = await postComment(author.client, slug, { body });

        expect(comment.body).toHaveLength(COMMENT_MAX_LENGTH);
      });

      it('answers malformed JSON with 400 request/invalid', async () => {
        const { slug, author } = await freshScene();

        const response = await author.client.request('POST', `/api/stories/${slug}/comments`, {
          raw: '{"body": "half',
        });

        expect(response.status).toBe(400);
        expect(errorOf(response).code).toBe('request/invalid');
        expect(await rowsBy(author.me.id)).toHaveLength(0);
      });

      it('refuses a second post within the interval with 429 comment/rate_limited and retryAfterSeconds', async () => {
        const { slug, author } = await freshScene();
        await postComment(author.client, slug);

        const response = await author.client.post(`/api/stories/${slug}/comments`, { body: uniqueBody() });

        expect(response.status).toBe(429);
        expect(errorOf(response).code).toBe('comment/rate_limited');
        const retryAfter = errorOf(response).details?.retryAfterSeconds;
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(3);
        expect(response.headers.get('retry-after')).toBe(String(retryAfter));
        expect(await rowsBy(author.me.id)).toHaveLength(1);
      });

      it('refuses the same text again within the repeat window with 409 comment/repeated, but not after it', async () => {
        const { slug, author } = await freshScene();
        const body = uniqueBody('Same words');
        const first = await postComment(author.client, slug, { body });
        // Past the 3 s posting interval, inside the 6 minute repeat window.
        await backdateComment(sut.db, first.id, 10);

        const repeated = await author.client.post(`/api/stories/${slug}/comments`, { body: `  ${body} ` });

        expect(repeated.status).toBe(409);
        expect(errorOf(repeated).code).toBe('comment/repeated');
        expect(await rowsBy(author.me.id)).toHaveLength(1);

        await backdateComment(sut.db, first.id, 400);
        const later = await author.client.post(`/api/stories/${slug}/comments`, { body });
        expect(later.status).toBe(201);
      });

      it('refuses a post to a story with comments closed with 403 comment/closed, storing nothing', async () => {
        const story = await createStory(sut.db, { commentsOpen: false });
        const author = await createUser(sut);

        const response = await author.client.post(`/api/stories/${story.slug}/comments`, {
          body: uniqueBody(),
        });

        expect(response.status).toBe(403);
        expect(errorOf(response).code).toBe('comment/closed');
        expect(await rowsBy(author.me.id)).toHaveLength(0);
      });

      it('refuses an anonymous post with 401 auth/unauthenticated', async () => {
        const story = await createStory(sut.db);
        const body = uniqueBody();

        const response = await new ApiClient(sut.baseUrl).post(`/api/stories/${story.slug}/comments`, {
          body,
        });

        expect(response.status).toBe(401);
        expect(errorOf(response).code).toBe('auth/unauthenticated');
        expect(
          await sut.db.selectFrom('comments').select('id').where('body', '=', body).execute(),
        ).toHaveLength(0);
      });

      it('answers an unknown story with 404 story/not_found and a bad slug with 400', async () => {
        const author = await createUser(sut);

        const unknown = await author.client.post('/api/stories/no-such-story/comments', {
          body: uniqueBody(),
        });
        const bad = await author.client.post('/api/stories/Not%20A%20Slug/comments', { body: uniqueBody() });

        expect(unknown.status).toBe(404);
        expect(errorOf(unknown).code).toBe('story/not_found');
        expect(bad.status).toBe(400);
        expect(errorOf(bad).code).toBe('request/invalid');
      });

      it('refuses a reply to a comment of another story with 422 comment/invalid_parent', async () => {
        const { slug: otherSlug, author: otherAuthor } = await freshScene();
        const parent = await postComment(otherAuthor.client, otherSlug);
        const { slug, author } = await freshScene();

        const response = await author.client.post(`/api/stories/${slug}/comments`, {
          body: uniqueBody(),
          parentId: parent.id,
        });

        expect(response.status).toBe(422);
        expect(errorOf(response).code).toBe('comment/invalid_parent');
        expect(await rowsBy(author.me.id)).toHaveLength(0);
      });

      it('stores a reply under its parent and counts it', async () => {
        const { slug, author } = await freshScene();
        const parent = await postComment(author.client, slug);
        const replier = await createUser(sut);

        const reply = await postComment(replier.client, slug, { parentId: parent.id });

        expect(reply).toMatchObject({ parentId: parent.id, rootId: parent.id, depth: 1 });
        const [item] = (await thread(slug)).items;
        expect(item?.replyCount).toBe(1);
        expect(item?.replies.map((nested) => nested.id)).toEqual([reply.id]);
      });
    });

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

  describe(CommentPostingRepository.name, () => {
    it(`compares a new text with the author's ${REPEAT_CHECK_RECENT} latest comments in the repeat window`, async () => {
      const [story, author] = await Promise.all([createStory(sut.db), createUser(sut)]);
      // Comment n was posted n seconds ago: "text 1" is the latest, "text 51" one past the bound.
      await sql`
        insert into comments (id, story_id, root_id, depth, author_id, body, status, created_at)
        select g.id, ${story.id}, g.id, 0, ${author.me.id}, 'text ' || g.n, 'published',
          now() - make_interval(secs => g.n)
        from (select gen_random_uuid() as id, n from generate_series(1, ${REPEAT_CHECK_RECENT + 1}) n) g
      `.execute(sut.db);
      const sutRepository = new CommentPostingRepository(sut.db);
      const repeated = async (body: string) =>
        (await sutRepository.postingFacts(author.me.id, body, 360)).repeated;

      expect(await repeated('text 1')).toBe(true);
      expect(await repeated(`text ${REPEAT_CHECK_RECENT}`)).toBe(true);
      expect(await repeated(`text ${REPEAT_CHECK_RECENT + 1}`)).toBe(false);
      expect(await repeated('never posted')).toBe(false);
    });

    it('insertUnlessRetried stores a comment once per (author, clientId), returns the stored row, and answers the second insert with nothing', async () => {
      const [story, author] = await Promise.all([createStory(sut.db), createUser(sut)]);
      const sutRepository = new CommentPostingRepository(sut.db);
      const comment = (id: string) => ({
        id,
        storyId: story.id,
        rootId: id,
        depth: 0,
        authorId: author.me.id,
        body: uniqueBody(),
        status: 'published' as const,
        clientId,
      });
      const clientId = randomUUID();
      const [firstId, secondId] = [randomUUID(), randomUUID()];

      const first = await sutRepository.insertUnlessRetried(comment(firstId));
      const second = await sutRepository.insertUnlessRetried(comment(secondId));

      expect(first).toMatchObject({ id: firstId, clientId, status: 'published', replyCount: 0 });
      expect(first?.firstListedAt).toBeInstanceOf(Date);
      expect(second).toBeUndefined();
      expect((await rowsBy(author.me.id)).map((row) => row.id)).toEqual([firstId]);
    });
  });
});
