import { randomUUID } from 'node:crypto';
import { sql, type DB, type PremodMode, type Transaction } from '@parley/db';
import type { Ack, Comment, DecisionResponse, QueueCounts, ThreadPage } from '@parley/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createStory,
  createUser,
  loginAdmin,
  postComment,
  setPostInterval,
  uniqueBody,
} from './support/factories.js';
import { errorOf, type ApiClient } from './support/http.js';
import { connectSocket, joined, nextEvent, type ClientSocket } from './support/sockets.js';
import { waitFor } from './support/wait.js';
import { appSuite } from './support/suite.js';

/** Issue 9: what an author who wants to get past the moderators tries, and the races between them. */
appSuite('hostile users', { closeSocketsAfterEach: true }, (app, { engine }) => {
  let admin: ApiClient;

  beforeAll(async () => {
    admin = await loginAdmin(app);
    await setPostInterval(app, 0);
  });

  async function story(premod: PremodMode = 'off') {
    return (await createStory(app.db, { premod })).slug;
  }

  async function row(id: string) {
    return app.db
      .selectFrom('comments')
      .select(['status', 'body', 'flags'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  }

  async function threadIds(slug: string): Promise<string[]> {
    const page = await admin.get<ThreadPage>(`/api/stories/${slug}/comments?sort=newest`);
    return page.body.items.map((item) => item.id);
  }

  function decide(id: string, action: 'approve' | 'reject') {
    return admin.post<DecisionResponse>(
      `/api/moderation/comments/${id}/${action}`,
      action === 'reject' ? { reason: 'spam' } : {},
    );
  }

  function edit(client: ApiClient, id: string, body: string) {
    return client.patch<Comment>(`/api/comments/${id}`, { body });
  }

  async function watcher(slug: string): Promise<ClientSocket> {
    const socket = await connectSocket(app.baseUrl);
    await joined(socket, slug);
    return socket;
  }

  async function moderationRoom(): Promise<ClientSocket> {
    const socket = await connectSocket(app.baseUrl, { cookie: admin.cookie });
    const ack: Ack<QueueCounts> = await socket.timeout(5000).emitWithAck('moderation:join', {});
    expect(ack.ok).toBe(true);
    return socket;
  }

  /** Backends of this test's database waiting for a lock (Postgres). */
  async function lockWaiters(): Promise<number> {
    const result = await sql<{ waiting: number }>`
      select count(*)::int as waiting from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(app.db);
    return result.rows[0]!.waiting;
  }

  /**
   * Postgres only: locks rows in a transaction of the test's own (in the order given), sends
   * `request`, and once the request waits for a lock commits `meanwhile` in the holding
   * transaction: a concurrent change, landing at the worst moment for the request, every time.
   */
  async function whileLocked<T>(
    rows: ['comments' | 'users', string][],
    request: () => Promise<T>,
    meanwhile: (trx: Transaction<DB>) => Promise<unknown>,
  ): Promise<T> {
    let answer!: Promise<T>;
    await app.db.transaction().execute(async (trx) => {
      for (const [table, id] of rows) {
        await trx.selectFrom(table).select('id').where('id', '=', id).forUpdate().execute();
      }
      answer = request();
      await waitFor(async () => (await lockWaiters()) > 0, 'the request to wait for the row lock');
      await meanwhile(trx);
    });
    return answer;
  }

  /** A reader's comment held on `premod`, then approved by a moderator. */
  async function approvedComment(premod: PremodMode) {
    const slug = await story(premod);
    const author = await createUser(app);
    const comment = await postComment(author.client, slug);
    expect(comment.status).toBe('pending');
    expect((await decide(comment.id, 'approve')).status).toBe(200);
    return { slug, author, comment };
  }

  // ---- item 8: edits go through pre-moderation ------------------------------------------------

  describe('an edit of a comment that had to be approved', () => {
    it('goes back to pending on a `premod: all` story, leaves the thread, and enters the Pending queue', async () => {
      const { slug, author, comment } = await approvedComment('all');
      const reader = await watcher(slug);
      const staff = await moderationRoom();
      const removed = nextEvent(reader, 'comment:removed', (payload) => payload.id === comment.id);
      const queued = nextEvent(
        staff,
        'queue:added',
        (payload) => payload.queue === 'pending' && payload.item.comment.id === comment.id,
      );

      const response = await edit(author.client, comment.id, 'Something else entirely.');

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'pending', body: 'Something else entirely.' });
      expect(await removed).toMatchObject({ id: comment.id });
      await queued;
      expect(await threadIds(slug)).not.toContain(comment.id);
      expect((await decide(comment.id, 'approve')).body.comment).toMatchObject({
        status: 'approved',
        body: 'Something else entirely.',
      });
      expect(await threadIds(slug)).toContain(comment.id);
    });

    it('goes back to pending while the author is still new on a `new_users` story', async () => {
      const { author, comment } = await approvedComment('new_users');

      const response = await edit(author.client, comment.id, 'Now with a different message.');

      expect(response.body.status).toBe('pending');
      expect((await row(comment.id)).flags).toEqual(['new_user']);
    });

    it('goes back to pending for an author under pre-moderation', async () => {
      const slug = await story();
      const author = await createUser(app);
      await admin.post(`/api/moderation/users/${author.me.id}/premod`, { on: true });
      const comment = await postComment(author.client, slug);
      await decide(comment.id, 'approve');

      const response = await edit(
        author.client,
        comment.id,
        'Swapped for something the moderator never saw.',
      );

      expect(response.body.status).toBe('pending');
      expect((await row(comment.id)).flags).toEqual(['user_premod']);
    });

    it('goes back to pending when the story mode that held it was lifted since', async () => {
      const { slug, author, comment } = await approvedComment('all');
      const { id } = await app.db
        .selectFrom('stories')
        .select('id')
        .where('slug', '=', slug)
        .executeTakeFirstOrThrow();
      await admin.patch(`/api/moderation/stories/${id}`, { premod: 'off' });

      const response = await edit(author.client, comment.id, 'The approval was of other words.');

      expect(response.body.status).toBe('pending');
      expect((await row(comment.id)).flags).toEqual(['premod_all']);
    });

    it("leaves a staff member's edit approved", async () => {
      const slug = await story('all');
      const moderator = await createUser(app, { role: 'moderator' });
      const comment = await postComment(moderator.client, slug);

      const response = await edit(moderator.client, comment.id, 'Staff wording, corrected.');

      expect(response.body.status).toBe('approved');
    });

    it('leaves a published comment on a story without pre-moderation published', async () => {
      const slug = await story();
      const author = await createUser(app);
      const comment = await postComment(author.client, slug);

      const response = await edit(author.client, comment.id, 'A plain correction.');

      expect(response.body.status).toBe('published');
    });
  });

  // ---- item 15: rejected comments stay, and locks taken in one order ------------------------------

  it.runIf(engine === 'postgres')(
    'refuses with 409 comment/not_editable an edit that waited while a moderator rejected the comment',
    async () => {
      const slug = await story();
      const author = await createUser(app);
      const comment = await postComment(author.client, slug);

      // As a decision does: the author's row, then the comment's.
      const response = await whileLocked(
        [
          ['users', author.me.id],
          ['comments', comment.id],
        ],
        () => edit(author.client, comment.id, 'Revived under the moderator’s nose.'),
        (trx) =>
          trx.updateTable('comments').set({ status: 'rejected' }).where('id', '=', comment.id).execute(),
      );

      expect([response.status, errorOf(response).code]).toEqual([409, 'comment/not_editable']);
      expect(await row(comment.id)).toMatchObject({ status: 'rejected', body: comment.body });
    },
  );

  it('refuses to let the author delete a rejected comment with 409 comment/not_editable, keeping the record', async () => {
    const slug = await story();
    const author = await createUser(app);
    const comment = await postComment(author.client, slug);
    await decide(comment.id, 'reject');

    const response = await author.client.delete(`/api/comments/${comment.id}`);

    expect(response.status).toBe(409);
    expect(errorOf(response)).toMatchObject({
      code: 'comment/not_editable',
      details: { status: 'rejected' },
    });
    expect(await row(comment.id)).toMatchObject({ status: 'rejected', body: comment.body });
  });

  it.runIf(engine === 'postgres')(
    'refuses with 409 moderation/user_banned a suspension that waited while the user was banned',
    async () => {
      const reader = await createUser(app);

      const response = await whileLocked(
        [['users', reader.me.id]],
        () => admin.post(`/api/moderation/users/${reader.me.id}/suspend`, { hours: 1 }),
        (trx) =>
          trx
            .updateTable('users')
            .set({ status: 'banned', banReason: 'troll' })
            .where('id', '=', reader.me.id)
            .execute(),
      );

      expect([response.status, errorOf(response).code]).toEqual([409, 'moderation/user_banned']);
      const stored = await app.db
        .selectFrom('users')
        .select(['status', 'suspendedUntil'])
        .where('id', '=', reader.me.id)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({ status: 'banned', suspendedUntil: null });
    },
  );

  it.runIf(engine === 'postgres')(
    "decides a comment while its author's reply to it is being posted, without a deadlock",
    async () => {
      const slug = await story();
      const author = await createUser(app);
      const parent = await postComment(author.client, slug);
      const reply = { id: randomUUID(), body: uniqueBody() };

      // The test's transaction posts as the app does: the author's row locked, then the reply
      // inserted, which refers to (and counts into) the comment being decided.
      const response = await whileLocked(
        [['users', author.me.id]],
        () => decide(parent.id, 'approve'),
        (trx) =>
          trx
            .insertInto('comments')
            .values({
              ...reply,
              storyId: parent.storyId,
              parentId: parent.id,
              rootId: parent.id,
              depth: 1,
              authorId: author.me.id,
              status: 'published',
            })
            .execute(),
      );

      expect(response.status).toBe(200);
      expect(await row(parent.id)).toMatchObject({ status: 'approved' });
      expect(await row(reply.id)).toMatchObject({ status: 'published' });
    },
  );

  it.runIf(engine === 'postgres')(
    "completes a burst of approvals and the author's replies to the same comments without a deadlock",
    async () => {
      // Each author replies to their own comment while a moderator approves it: the approval changes
      // the author's counters, the reply locks the author's row and refers to the comment.
      const slug = await story();
      const threads = await Promise.all(
        Array.from({ length: 12 }, async () => {
          const author = await createUser(app);
          return { author, parent: await postComment(author.client, slug) };
        }),
      );

      const answers = await Promise.all(
        threads.map(async ({ author, parent }) => {
          const [approved, replied] = await Promise.all([
            decide(parent.id, 'approve'),
            author.client.post(`/api/stories/${slug}/comments`, { body: uniqueBody(), parentId: parent.id }),
          ]);
          return [approved.status, replied.status];
        }),
      );

      expect(answers).toEqual(threads.map(() => [200, 201]));
    },
  );
});
