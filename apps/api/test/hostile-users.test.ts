import { sql, type DB, type PremodMode, type Transaction } from '@parley/db';
import type { Ack, Comment, DecisionResponse, QueueCounts, ThreadPage } from '@parley/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApp, testSetups, type TestApp } from './support/app.js';
import { createArticle, createUser, loginAdmin, postComment, setPostInterval } from './support/factories.js';
import { errorOf, type ApiClient } from './support/http.js';
import { closeAllSockets, connectSocket, joined, nextEvent, type ClientSocket } from './support/sockets.js';
import { waitFor } from './support/wait.js';

/** Issue 9: what an author who wants to get past the moderators tries, and the races between them. */
describe.each(testSetups())('hostile users over $label', ({ engine, redis }) => {
  let app: TestApp;
  let admin: ApiClient;

  beforeAll(async () => {
    app = await startApp({ engine, redis });
    admin = await loginAdmin(app);
    await setPostInterval(app, 0);
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    closeAllSockets();
    await app?.close();
  });

  async function article(premod: PremodMode = 'off') {
    return (await createArticle(app.db, { premod })).slug;
  }

  async function row(id: string) {
    return app.db
      .selectFrom('comments')
      .select(['status', 'body', 'flags'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  }

  async function threadIds(slug: string): Promise<string[]> {
    const page = await admin.get<ThreadPage>(`/api/articles/${slug}/comments?sort=newest`);
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
    const slug = await article(premod);
    const author = await createUser(app);
    const comment = await postComment(author.client, slug);
    expect(comment.status).toBe('pending');
    expect((await decide(comment.id, 'approve')).status).toBe(200);
    return { slug, author, comment };
  }

  // ---- item 8: edits go through pre-moderation ------------------------------------------------

  describe('an edit of a comment that had to be approved', () => {
    it('goes back to pending on a `premod: all` article, leaves the thread, and enters the Pending queue', async () => {
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

    it('goes back to pending while the author is still new on a `new_users` article', async () => {
      const { author, comment } = await approvedComment('new_users');

      const response = await edit(author.client, comment.id, 'Now with a different message.');

      expect(response.body.status).toBe('pending');
      expect((await row(comment.id)).flags).toEqual(['new_user']);
    });

    it('goes back to pending for an author under pre-moderation', async () => {
      const slug = await article();
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

    it('goes back to pending when the article mode that held it was lifted since', async () => {
      const { slug, author, comment } = await approvedComment('all');
      await admin.patch(`/api/moderation/articles/${slug}`, { premod: 'off' });

      const response = await edit(author.client, comment.id, 'The approval was of other words.');

      expect(response.body.status).toBe('pending');
      expect((await row(comment.id)).flags).toEqual(['premod_all']);
    });

    it("leaves a staff member's edit approved", async () => {
      const slug = await article('all');
      const moderator = await createUser(app, { role: 'moderator' });
      const comment = await postComment(moderator.client, slug);

      const response = await edit(moderator.client, comment.id, 'Staff wording, corrected.');

      expect(response.body.status).toBe('approved');
    });

    it('leaves a published comment on an article without pre-moderation published', async () => {
      const slug = await article();
      const author = await createUser(app);
      const comment = await postComment(author.client, slug);

      const response = await edit(author.client, comment.id, 'A plain correction.');

      expect(response.body.status).toBe('published');
    });
  });

  // ---- the row lock of an edit -------------------------------------------------------------------

  it.runIf(engine === 'postgres')(
    'refuses with 409 comment/not_editable an edit that waited while a moderator rejected the comment',
    async () => {
      const slug = await article();
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
});
