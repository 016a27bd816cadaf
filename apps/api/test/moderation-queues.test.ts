import { randomBytes } from 'node:crypto';
import type { PremodMode } from '@parley/db';
import {
  QUEUES,
  type Comment,
  type Queue,
  type QueueCounts,
  type QueueItem,
  type QueuePage,
} from '@parley/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModerationController } from '../src/moderation/moderation.controller.js';
import { ADMIN } from './support/app.js';
import {
  createStory,
  setPostInterval,
  createUser,
  loginAdmin,
  postComment,
  uniqueBody,
  type TestUser,
} from './support/factories.js';
import { errorOf, type ApiClient } from './support/http.js';
import { appSuite } from './support/suite.js';

/** The order every queue promises: newest first, ties broken by id (descending). */
function newestFirst(comments: Comment[]): string[] {
  return [...comments]
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((comment) => comment.id);
}

appSuite('moderation queues', (app) => {
  let admin: ApiClient;
  /** Words no other test posts. */
  const SUSPECT = `quibble${randomBytes(3).toString('hex')}`;
  const BANNED = `zorblax${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    admin = await loginAdmin(app);
    await setPostInterval(app, 0);
    const lists = await admin.put('/api/moderation/word-lists', {
      json: { banned: [BANNED], suspect: [SUSPECT] },
    });
    expect(lists.status).toBe(200);
  });

  async function story(premod: PremodMode = 'off') {
    return createStory(app.db, { premod, title: `Story ${randomBytes(3).toString('hex')}` });
  }

  function list(queue: Queue, query: Partial<Record<'story' | 'cursor' | 'limit', string | number>> = {}) {
    const search = new URLSearchParams(
      Object.entries(query).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]])),
    );
    return admin.get<QueuePage>(`/api/moderation/queues/${queue}${search.size > 0 ? `?${search}` : ''}`);
  }

  async function decide(id: string, action: 'approve' | 'reject') {
    const response = await admin.post(
      `/api/moderation/comments/${id}/${action}`,
      action === 'reject' ? { reason: 'spam' } : {},
    );
    expect(response.status).toBe(200);
  }

  describe(ModerationController.prototype.queue.name, () => {
    /** One story with a comment in every queue, built once for the tests that read them. */
    let slug: string;
    let storyId: string;
    let title: string;
    let author: TestUser;
    let reporters: TestUser[];
    let c: Record<
      'plain' | 'heldReply' | 'autoRejected' | 'approved' | 'reported' | 'rejected' | 'held',
      Comment
    >;

    beforeAll(async () => {
      const created = await story();
      ({ slug, id: storyId, title } = created);
      author = await createUser(app);
      reporters = [await createUser(app), await createUser(app)];
      const plain = await postComment(author.client, slug);
      const heldReply = await postComment(author.client, slug, {
        parentId: plain.id,
        body: uniqueBody(`Such ${SUSPECT.toUpperCase()}`),
      });
      const autoRejected = await postComment(author.client, slug, { body: uniqueBody(`You ${BANNED}`) });
      const approved = await postComment(author.client, slug);
      await decide(approved.id, 'approve');
      const reported = await postComment(author.client, slug);
      expect(
        (
          await reporters[0]!.client.post(`/api/comments/${reported.id}/reports`, {
            reason: 'spam',
            note: 'buy now',
          })
        ).status,
      ).toBe(201);
      expect(
        (await reporters[1]!.client.post(`/api/comments/${reported.id}/reports`, { reason: 'abuse' })).status,
      ).toBe(201);
      const rejected = await postComment(author.client, slug);
      await decide(rejected.id, 'reject');
      const held = await postComment(author.client, slug, { body: uniqueBody(SUSPECT) });
      c = { plain, heldReply, autoRejected, approved, reported, rejected, held };
      expect([heldReply.status, autoRejected.status, held.status]).toEqual([
        'pending',
        'rejected',
        'pending',
      ]);
    });

    const expected: Record<Queue, (keyof typeof c)[]> = {
      pending: ['held', 'heldReply'],
      reported: ['reported'],
      unmoderated: ['reported', 'plain'],
      approved: ['approved'],
      rejected: ['rejected', 'autoRejected'],
    };

    it.each(QUEUES)('lists the %s queue of a story newest first, with its counts', async (queue) => {
      const response = await list(queue, { story: slug });

      expect(response.status).toBe(200);
      expect(response.body.items.map((item) => item.comment.id)).toEqual(
        newestFirst(expected[queue].map((name) => c[name])),
      );
      expect(response.body.nextCursor).toBeNull();
      expect(response.body.counts).toEqual({
        pending: 2,
        reported: 1,
        unmoderated: 2,
        approved: 1,
        rejected: 2,
      });
    });

    it('answers the story’s counts alone the same', async () => {
      const response = await admin.get<QueueCounts>(`/api/moderation/counts?story=${slug}`);

      expect(response.body).toEqual({ pending: 2, reported: 1, unmoderated: 2, approved: 1, rejected: 2 });
    });

    it('gives each card its story, parent, flags, matched words and the author’s history', async () => {
      const pending = (await list('pending', { story: slug })).body.items;
      const reply = pending.find((item) => item.comment.id === c.heldReply.id)!;

      expect(reply).toMatchObject({
        comment: {
          id: c.heldReply.id,
          body: c.heldReply.body,
          status: 'pending',
          author: { id: author.me.id, username: author.username },
        },
        story: { id: storyId, slug, title },
        parent: { id: c.plain.id, body: c.plain.body },
        flags: ['suspect_word'],
        matchedWords: [SUSPECT.toUpperCase()],
        reports: [],
        openReportCount: 0,
        decidedBy: null,
      } satisfies Partial<Record<keyof QueueItem, unknown>>);
      // One approved; one rejected by the pipeline and one by a moderator.
      expect(reply.author).toMatchObject({
        id: author.me.id,
        username: author.username,
        role: 'reader',
        status: 'active',
        alwaysPremod: false,
        approvedCount: 1,
        rejectedCount: 2,
        suspendedUntil: null,
      });
      expect(pending.find((item) => item.comment.id === c.held.id)?.parent).toBeNull();
    });

    it('gives a reported card its open reports with reasons, notes and reporters', async () => {
      const [item] = (await list('reported', { story: slug })).body.items;

      expect(item?.openReportCount).toBe(2);
      expect(item?.reports).toEqual([
        { reason: 'spam', note: 'buy now', reporter: reporters[0]!.username, createdAt: expect.any(String) },
        { reason: 'abuse', note: null, reporter: reporters[1]!.username, createdAt: expect.any(String) },
      ]);
      expect(item?.comment.status).toBe('published');
    });

    it('names who decided approved and rejected comments, and nobody for the pipeline’s rejections', async () => {
      const approved = (await list('approved', { story: slug })).body.items;
      const rejected = (await list('rejected', { story: slug })).body.items;

      expect(approved[0]?.decidedBy).toBe(ADMIN.username);
      expect(rejected.find((item) => item.comment.id === c.rejected.id)?.decidedBy).toBe(ADMIN.username);
      const auto = rejected.find((item) => item.comment.id === c.autoRejected.id);
      expect(auto).toMatchObject({ decidedBy: null, flags: ['banned_word'], matchedWords: [BANNED] });
      // Moderators read what readers never see.
      expect(auto?.comment.body).toBe(c.autoRejected.body);
    });

    it('lists every story without ?story, this story’s comments in the same order among them', async () => {
      const other = await story('all');
      const elsewhere = await postComment((await createUser(app)).client, other.slug);

      const all = await list('pending', { limit: 100 });
      const filtered = await list('pending', { story: slug });
      const onlyOther = await list('pending', { story: other.slug });

      const ids = all.body.items.map((item) => item.comment.id);
      expect(ids).toContain(elsewhere.id);
      expect(ids.filter((id) => id === c.held.id || id === c.heldReply.id)).toEqual(
        filtered.body.items.map((item) => item.comment.id),
      );
      expect(filtered.body.items.map((item) => item.comment.id)).not.toContain(elsewhere.id);
      expect(onlyOther.body.items.map((item) => item.comment.id)).toEqual([elsewhere.id]);
      expect(onlyOther.body.counts).toEqual({
        pending: 1,
        reported: 0,
        unmoderated: 0,
        approved: 0,
        rejected: 0,
      });
      expect(all.body.counts.pending).toBeGreaterThanOrEqual(3);
      expect(all.body.counts).toEqual((await admin.get<QueueCounts>('/api/moderation/counts')).body);
    });
  });

  describe('pagination', () => {
    it('walks a queue by cursor, each comment once, newest first', async () => {
      const { slug } = await story('all');
      const author = await createUser(app);
      const posted: Comment[] = [];
      for (let index = 0; index < 5; index++) posted.push(await postComment(author.client, slug));

      const seen: string[] = [];
      const pages: number[] = [];
      let cursor: string | null = null;
      do {
        const response: Awaited<ReturnType<typeof list>> = await list('pending', {
          story: slug,
          limit: 2,
          ...(cursor && { cursor }),
        });
        expect(response.status).toBe(200);
        expect(response.body.counts.pending).toBe(5);
        seen.push(...response.body.items.map((item) => item.comment.id));
        pages.push(response.body.items.length);
        cursor = response.body.nextCursor;
      } while (cursor);

      expect(pages).toEqual([2, 2, 1]);
      expect(seen).toEqual(newestFirst(posted));
    });

    it('does not skip or repeat a comment when the queue changes between pages', async () => {
      const { slug } = await story('all');
      const author = await createUser(app);
      const posted: Comment[] = [];
      for (let index = 0; index < 4; index++) posted.push(await postComment(author.client, slug));
      const order = newestFirst(posted);

      const first = await list('pending', { story: slug, limit: 2 });
      // A moderator decides one on the first page and a new comment arrives, before page two.
      await decide(order[0]!, 'approve');
      await postComment(author.client, slug);
      const second = await list('pending', { story: slug, limit: 2, cursor: first.body.nextCursor! });

      expect(first.body.items.map((item) => item.comment.id)).toEqual(order.slice(0, 2));
      expect(second.body.items.map((item) => item.comment.id)).toEqual(order.slice(2, 4));
    });

    it.each([
      { case: 'a malformed cursor', query: { cursor: 'not-a-cursor' } },
      { case: 'a limit of 0', query: { limit: 0 } },
      { case: 'a limit over 100', query: { limit: 101 } },
    ])('answers $case with 400 request/invalid', async ({ query }) => {
      const response = await list('pending', query);

      expect([response.status, errorOf(response).code]).toEqual([400, 'request/invalid']);
    });
  });

  it('answers an unknown queue with 400 and an unknown story with 404 story/not_found', async () => {
    const queue = await admin.get('/api/moderation/queues/everything');
    const missing = await list('pending', { story: 'no-such-story' });
    const counts = await admin.get('/api/moderation/counts?story=no-such-story');

    expect([queue.status, errorOf(queue).code]).toEqual([400, 'request/invalid']);
    expect([missing.status, errorOf(missing).code]).toEqual([404, 'story/not_found']);
    expect([counts.status, errorOf(counts).code]).toEqual([404, 'story/not_found']);
  });
});
