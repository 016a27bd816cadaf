import { randomUUID } from 'node:crypto';
import { sql } from '@parley/db';
import { COMMENT_MAX_LENGTH, type CreateCommentResponse } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { CommentsController } from '../src/comments/comments.controller.js';
import { CommentPostingRepository, REPEAT_CHECK_RECENT } from '../src/comments/comment-posting.repository.js';
import { commentScene } from './support/comment-scene.js';
import { backdateComment, createStory, createUser, postComment, uniqueBody } from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';
import { appSuite } from './support/suite.js';

// Posting a comment: validation, retries, limits and replies (editing, deleting, reactions and
// reports have files of their own: comments-editing, comments-reactions-reports).
appSuite('comments posting', (sut) => {
  const { rowsBy, thread, freshScene } = commentScene(sut);

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
