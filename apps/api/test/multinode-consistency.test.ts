import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { DB, Kysely } from '@parley/db';
import type { SessionUser, ThreadPage } from '@parley/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { commentsPath, missingServices, on, twoNodes } from './multinode/cluster.js';
import type { ApiNode } from './multinode/node.js';
import { createStory, loginAdmin, postComment, registerUser, uniqueBody } from './support/factories.js';
import { ADMIN } from './support/app.js';
import { ApiClient, errorOf } from './support/http.js';
import { connectSocket, joined, nextDisconnect, nextEvent } from './support/sockets.js';

/*
 * Two real API processes over one Postgres database and one Redis, as production scales out:
 * live events, moderation, rate limits, presence and bans must hold across nodes (multinode/cluster.ts).
 */
const missing = missingServices('multinode-consistency.test.ts');

describe.skipIf(missing.length > 0)('two API nodes over one Postgres and one Redis', () => {
  const cluster = twoNodes();
  const { A, B } = cluster;
  let db: Kysely<DB>;

  beforeAll(() => {
    db = cluster.db;
  });

  it('delivers a comment posted through node A to a reader on node B within a second', async () => {
    const { slug } = await createStory(db);
    const author = await registerUser(A());
    const reader = await connectSocket(B().baseUrl);
    await joined(reader, slug);
    const body = uniqueBody('Across nodes');
    const arrival = nextEvent(reader, 'comment:created', (comment) => comment.body === body, 5000).then(
      (comment) => ({
        comment,
        at: performance.now(),
      }),
    );

    const started = performance.now();
    const posted = await postComment(author.client, slug, { body });
    const { comment, at } = await arrival;

    const latencyMs = at - started;
    console.info(`post on A → comment:created on B: ${latencyMs.toFixed(1)} ms`);
    expect(comment.id).toBe(posted.id);
    expect(latencyMs).toBeLessThan(1000);
  });

  it('removes a comment rejected on node B from readers, author and moderators on node A, whose log hears of it', async () => {
    const { slug } = await createStory(db);
    const author = await registerUser(A());
    const comment = await postComment(author.client, slug);
    const adminOnA = await loginAdmin(A());
    const [reader, authorSocket, moderatorSocket] = await Promise.all([
      connectSocket(A().baseUrl),
      connectSocket(A().baseUrl, { cookie: author.client.cookie }),
      connectSocket(A().baseUrl, { cookie: adminOnA.cookie }),
    ]);
    await joined(reader, slug);
    const moderationAck = await moderatorSocket.timeout(5000).emitWithAck('moderation:join', {});
    expect(moderationAck.ok).toBe(true);
    const removed = nextEvent(reader, 'comment:removed', (payload) => payload.id === comment.id);
    const decided = nextEvent(authorSocket, 'comment:decided', (payload) => payload.id === comment.id);
    const leftQueue = nextEvent(moderatorSocket, 'queue:removed', (payload) => payload.id === comment.id);
    const logged = nextEvent(moderatorSocket, 'log:added', (entry) => entry.commentId === comment.id);

    const adminOnB = await loginAdmin(B());
    const response = await adminOnB.post(`/api/moderation/comments/${comment.id}/reject`, { reason: 'spam' });

    expect(response.status).toBe(200);
    await expect(removed).resolves.toEqual({ id: comment.id });
    expect((await decided).status).toBe('rejected');
    expect((await leftQueue).queue).toBe('unmoderated');
    expect(await logged).toMatchObject({ action: 'reject', reason: 'spam', actor: ADMIN.username });
    const thread = await new ApiClient(A().baseUrl).get<ThreadPage>(`${commentsPath(slug)}?limit=100`);
    expect(thread.body.items.map((item) => item.id)).not.toContain(comment.id);
  });

  it('announces a DSA notice filed on node B to moderators on node A, and its decision there to readers on B', async () => {
    const { slug } = await createStory(db);
    const author = await registerUser(A());
    const comment = await postComment(author.client, slug);
    const adminOnA = await loginAdmin(A());
    const [moderatorSocket, reader] = await Promise.all([
      connectSocket(A().baseUrl, { cookie: adminOnA.cookie }),
      connectSocket(B().baseUrl),
    ]);
    expect((await moderatorSocket.timeout(5000).emitWithAck('moderation:join', {})).ok).toBe(true);
    await joined(reader, slug);
    const filed = nextEvent(moderatorSocket, 'dsa:changed', (event) => event.status === 'received');

    const receipt = await new ApiClient(B().baseUrl).post<{ id: string }>('/api/dsa/notices', {
      commentId: comment.id,
      category: 'illegal_hate_speech',
      explanation: 'Incites hatred against a people.',
      name: 'Multi Node',
      email: 'multinode@example.org',
      goodFaith: true,
    });
    expect(receipt.status).toBe(201);
    expect((await filed).noticeId).toBe(receipt.body.id);

    const removed = nextEvent(reader, 'comment:removed', (payload) => payload.id === comment.id);
    const decided = await adminOnA.post(`/api/moderation/dsa/notices/${receipt.body.id}/decision`, {
      action: 'removed',
      facts: 'Incitement.',
      ground: 'Criminal Code, section 130',
      automated: false,
      redress: 'Appeal within six months.',
    });
    expect(decided.status).toBe(200);
    await expect(removed).resolves.toEqual({ id: comment.id });
  });

  it('takes a moderator demoted on node A out of the moderation room on node B at once', async () => {
    const { slug } = await createStory(db);
    const adminOnA = await loginAdmin(A());
    const moderator = await registerUser(A());
    expect(
      (await adminOnA.post(`/api/moderation/users/${moderator.me.id}/role`, { role: 'moderator' })).status,
    ).toBe(200);
    const [moderatorSocket, watcher] = await Promise.all([
      connectSocket(B().baseUrl, { cookie: moderator.client.cookie }),
      connectSocket(B().baseUrl, { cookie: adminOnA.cookie }),
    ]);
    for (const socket of [moderatorSocket, watcher]) {
      expect((await socket.timeout(5000).emitWithAck('moderation:join', {})).ok).toBe(true);
    }
    const leaked: string[] = [];
    moderatorSocket.on('queue:added', (payload) => leaked.push(payload.item.comment.body));

    const demoted = await adminOnA.post(`/api/moderation/users/${moderator.me.id}/role`, { role: 'reader' });

    expect(demoted.status).toBe(200);
    const body = uniqueBody('After the demotion');
    const seen = nextEvent(watcher, 'queue:added', (payload) => payload.item.comment.body === body, 5000);
    await postComment((await registerUser(A())).client, slug, { body });
    await seen;
    expect(leaked).toEqual([]);
  });

  it('holds the posting interval across nodes, in either order and when racing', async () => {
    const { slug } = await createStory(db);
    for (const [first, second] of [
      [A(), B()],
      [B(), A()],
    ] as const) {
      const author = await registerUser(first);
      const accepted = await on(first, author).post(commentsPath(slug), { body: uniqueBody() });
      const refused = await on(second, author).post(commentsPath(slug), { body: uniqueBody() });

      expect(accepted.status).toBe(201);
      expect(refused.status).toBe(429);
      expect(errorOf(refused).code).toBe('comment/rate_limited');
    }

    const racer = await registerUser(A());
    const responses = await Promise.all(
      [A(), B()].map((node) => on(node, racer).post(commentsPath(slug), { body: uniqueBody() })),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([201, 429]);
    const rows = await db.selectFrom('comments').select('id').where('authorId', '=', racer.me.id).execute();
    expect(rows).toHaveLength(1);
  });

  it('shares sign-in failure limits across nodes', async () => {
    // auth.service.ts: 10 failures per username from one address (and 20 per address) in 10 minutes, counted in Redis.
    const failuresPerUsername = 10;
    const user = await registerUser(A());
    // Nodes trust X-Forwarded-For from loopback: an address of this test's own keeps the per-address limit out of it.
    const headers = { 'x-forwarded-for': `10.99.${randomInt(250)}.${randomInt(1, 250)}` };
    const attempt = (node: ApiNode, password: string) =>
      new ApiClient(node.baseUrl).post('/api/auth/login', { username: user.username, password }, { headers });

    for (let failure = 0; failure < failuresPerUsername; failure++) {
      const response = await attempt(failure % 2 === 0 ? A() : B(), 'not-the-password');
      expect(response.status).toBe(401);
      expect(errorOf(response).code).toBe('auth/invalid_credentials');
    }

    for (const node of [A(), B()]) {
      // Even the right password waits: the limit is checked before the password.
      const response = await attempt(node, user.password);
      expect(response.status).toBe(429);
      expect(errorOf(response).code).toBe('auth/rate_limited');
      expect(errorOf(response).details).toMatchObject({ retryAfterSeconds: expect.any(Number) as number });
    }
  });

  it('counts readers of a story on both nodes', async () => {
    const { slug } = await createStory(db);
    const onA = await connectSocket(A().baseUrl);
    const onB = await connectSocket(B().baseUrl);
    const aSeesTwo = nextEvent(onA, 'presence:updated', (payload) => payload.readers === 2, 5000);
    const bSeesTwo = nextEvent(onB, 'presence:updated', (payload) => payload.readers === 2, 5000);

    expect(await joined(onA, slug)).toBe(1);
    expect(await joined(onB, slug)).toBe(2);
    await Promise.all([aSeesTwo, bSeesTwo]);

    const aSeesOne = nextEvent(onA, 'presence:updated', (payload) => payload.readers === 1, 5000);
    onB.disconnect();
    await aSeesOne;
  });

  it('ends a user banned on node A on node B: session:ended, then disconnected, then 401', async () => {
    const { slug } = await createStory(db);
    const user = await registerUser(A());
    const socketOnB = await connectSocket(B().baseUrl, { cookie: user.client.cookie });
    await joined(socketOnB, slug);
    const seen: string[] = [];
    socketOnB.on('session:ended', ({ reason }) => seen.push(`session:ended ${reason}`));
    const disconnected = nextDisconnect(socketOnB, 5000);

    const admin = await loginAdmin(A());
    const response = await admin.post(`/api/moderation/users/${user.me.id}/ban`, { reason: 'spam' });

    expect(response.status).toBe(200);
    expect(await disconnected).toBe('io server disconnect');
    expect(seen[0]).toBe('session:ended banned');
    const me = await on(B(), user).get<SessionUser>('/api/auth/me');
    expect(me.body.user).toBeNull();
    const post = await on(B(), user).post(commentsPath(slug), { body: uniqueBody() });
    expect(post.status).toBe(401);
  });
});
