import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { DB, Kysely } from '@parley/db';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import type { ApiErrorBody, CommentWithContext, SessionUser, ThreadPage } from '@parley/shared';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ERROR_LINE, startNode, type ApiNode } from './multinode/node.js';
import { startFailoverProxy, type FailoverProxy } from './multinode/proxy.js';
import { ADMIN } from './support/app.js';
import {
  createStory,
  loginAdmin,
  postComment,
  registerUser,
  uniqueBody,
  type TestUser,
} from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';
import {
  closeAllSockets,
  connectSocket,
  joined,
  nextDisconnect,
  nextEvent,
  type ClientSocket,
} from './support/sockets.js';
import { waitFor } from './support/wait.js';

/*
 * Two real API processes (the built dist/main.js) over one Postgres database and one Redis, as
 * production scales out: live events, moderation, rate limits, presence, bans and graceful
 * shutdown must hold across nodes. CI must run this; a local run without the services skips it.
 */
const missing = ['DATABASE_URL', 'REDIS_URL'].filter((name) => !process.env[name]);
if (missing.length > 0 && process.env.CI) {
  throw new Error(
    `CI must run the multi-node suite: set ${missing.join(' and ')} (a Postgres whose user may create databases, and a Redis)`,
  );
}
if (missing.length > 0) {
  console.warn(
    `multinode.test.ts skipped: set ${missing.join(' and ')} to run two API nodes against real Postgres and Redis`,
  );
}

/** Connects to REDIS_URL once, failing (not skipping) with a clear message when it is set but does not answer. */
async function connectRedis(url: string) {
  const client = createClient({ url, socket: { connectTimeout: 3000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return client;
  } catch (error) {
    throw new Error(`REDIS_URL is set but Redis at ${new URL(url).host} does not answer: ${String(error)}`);
  }
}

async function createDatabase(): Promise<TestDatabase> {
  try {
    return await createTestDatabase('postgres');
  } catch (error) {
    const host = new URL(process.env.DATABASE_URL!).host;
    throw new Error(
      `DATABASE_URL is set but no throwaway database could be created on ${host}: ${String(error)}`,
    );
  }
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
        timeoutMs,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

describe.skipIf(missing.length > 0)('two API nodes over one Postgres and one Redis', () => {
  const prefix = `parley-mn-${randomBytes(6).toString('hex')}`;
  let database: TestDatabase | undefined;
  let db: Kysely<DB>;
  let redis: Awaited<ReturnType<typeof connectRedis>> | undefined;
  let nodeA: ApiNode | undefined;
  let nodeB: ApiNode | undefined;
  let proxy: FailoverProxy | undefined;

  /** The node, for tests: beforeAll has started both or failed. */
  const A = () => nodeA!;
  const B = () => nodeB!;

  beforeAll(async () => {
    await ensureBuilt();
    redis = await connectRedis(process.env.REDIS_URL!);
    database = await createDatabase();
    db = database.db;
    const env = {
      DATABASE_URL: database.url!,
      DATABASE_POOL_SIZE: '5',
      REDIS_URL: process.env.REDIS_URL!,
      PARLEY_REDIS_PREFIX: prefix,
      PARLEY_ADMIN: `${ADMIN.username}:${ADMIN.password}`,
      PARLEY_WEB_DIST: '/nonexistent',
      PARLEY_SIGNUPS_PER_HOUR: '1000000',
      PARLEY_SOCKETS_PER_ADDRESS: '1000000',
    };
    // Both at once, as a rolling deploy does: migrations, seed and the admin account must not race.
    const [a, b] = await Promise.allSettled([startNode('A', env), startNode('B', env)]);
    if (a.status === 'fulfilled') nodeA = a.value;
    if (b.status === 'fulfilled') nodeB = b.value;
    if (a.status === 'rejected') throw a.reason;
    if (b.status === 'rejected') throw b.reason;
  }, 180_000);

  afterEach(() => {
    closeAllSockets();
  });

  afterAll(async () => {
    closeAllSockets();
    await proxy?.close();
    await Promise.all([nodeA?.stop(), nodeB?.stop()]);
    await database?.close();
    if (redis?.isOpen) {
      for await (const keys of redis.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 })) {
        if (keys.length > 0) await redis.del(keys);
      }
      await redis.close();
    }
  }, 60_000);

  /** The same signed-in person talking to another node (the session lives in Postgres). */
  function on(node: ApiNode, user: TestUser): ApiClient {
    const client = new ApiClient(node.baseUrl);
    client.cookie = user.client.cookie;
    return client;
  }

  function commentsPath(slug: string): string {
    return `/api/stories/${slug}/comments`;
  }

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

  it('removes a comment rejected on node B from readers, author and moderators on node A', async () => {
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

    const adminOnB = await loginAdmin(B());
    const response = await adminOnB.post(`/api/moderation/comments/${comment.id}/reject`, { reason: 'spam' });

    expect(response.status).toBe(200);
    await expect(removed).resolves.toEqual({ id: comment.id });
    expect((await decided).status).toBe('rejected');
    expect((await leftQueue).queue).toBe('unmoderated');
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

  // Last: it stops node A (and turns the posting interval off).
  it('drains node A on SIGTERM: no acknowledged post lost, sockets reconnect to node B, exit 0', async () => {
    const story = await createStory(db);
    const slug = story.slug;
    const authors = await Promise.all(Array.from({ length: 20 }, () => registerUser(B())));

    // A dense stream: no posting interval (each node re-reads settings within two seconds).
    await db.updateTable('siteSettings').set({ postIntervalSeconds: 0 }).where('id', '=', 1).execute();
    const probe = on(A(), authors[0]!);
    await waitFor(
      async () =>
        (await probe.post(commentsPath(slug), { body: uniqueBody('probe') })).status === 201 &&
        (await probe.post(commentsPath(slug), { body: uniqueBody('probe') })).status === 201,
      'node A to drop the posting interval',
      { timeoutMs: 10_000, everyMs: 200 },
    );

    // A reader behind a load balancer: on node A now, wherever the balancer sends it next.
    proxy = await startFailoverProxy([A().port, B().port]);
    const reader: ClientSocket = await connectSocket(proxy.url, { reconnection: true });
    expect(proxy.connections.get(A().port)).toBe(1);
    expect(await joined(reader, slug)).toBe(1);
    const rejoined: number[] = [];
    reader.on('connect', () => {
      void joined(reader, slug).then((readers) => rejoined.push(readers));
    });
    const disconnectReason = new Promise<string>((resolve) => reader.once('disconnect', resolve));

    interface Outcome {
      clientId: string;
      started: number;
      ended: number;
      status?: number;
      id?: string;
      code?: string;
      text?: string;
      error?: string;
    }
    const outcomes: Outcome[] = [];
    let stop = false;
    const streamDeadline = performance.now() + 30_000;

    async function postToA(author: TestUser, index: number): Promise<void> {
      for (let round = 0; round < 500 && !stop && performance.now() < streamDeadline; round++) {
        const clientId = randomUUID();
        const started = performance.now();
        try {
          const response = await fetch(`${A().baseUrl}${commentsPath(slug)}`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              cookie: author.client.cookie!,
              origin: A().baseUrl,
            },
            body: JSON.stringify({ body: uniqueBody(`Stream ${index}`), clientId }),
            signal: AbortSignal.timeout(10_000),
          });
          const text = await response.text();
          let parsed: { comment?: { id: string } } & Partial<ApiErrorBody> = {};
          try {
            parsed = JSON.parse(text) as typeof parsed;
          } catch {
            // Not JSON (e.g. a proxy's or the platform's plain 503 page): keep the text.
          }
          outcomes.push({
            clientId,
            started,
            ended: performance.now(),
            status: response.status,
            id: parsed.comment?.id,
            code: parsed.code,
            text: text.slice(0, 200),
          });
        } catch (error) {
          const cause = (error as { cause?: { code?: string; message?: string } }).cause;
          outcomes.push({
            clientId,
            started,
            ended: performance.now(),
            error: cause?.code ?? cause?.message ?? (error as Error).name,
          });
          // Once node A is gone every attempt is refused at once: no need to spin.
          if (A().hasExited()) return;
        }
      }
    }

    const healthSeen: { at: number; status: number; body: string }[] = [];
    async function watchHealth(): Promise<void> {
      while (!A().hasExited() && !stop && performance.now() < streamDeadline) {
        try {
          const response = await fetch(`${A().baseUrl}/api/health`, { signal: AbortSignal.timeout(5000) });
          healthSeen.push({ at: performance.now(), status: response.status, body: await response.text() });
        } catch {
          // Refused once the listener has closed.
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }

    try {
      const streams = authors.map((author, index) => postToA(author, index));
      const acked = () => outcomes.filter((outcome) => outcome.status === 201).length;
      await waitFor(() => acked() >= 40, '40 acknowledged posts before SIGTERM', {
        timeoutMs: 15_000,
        everyMs: 5,
      });

      const health = watchHealth();
      const sigtermAt = performance.now();
      A().signal('SIGTERM');
      const exit = await withTimeout(A().exited, 15_000, 'node A to exit after SIGTERM');
      const exitedAfterMs = performance.now() - sigtermAt;
      stop = true;
      await withTimeout(Promise.all([...streams, health]), 15_000, 'the posting loops to stop');

      // Exits by itself, with 0, promptly.
      console.info(
        `node A exited ${JSON.stringify(exit)} ${exitedAfterMs.toFixed(0)} ms after SIGTERM; ` +
          `${outcomes.length} posts, ${acked()} acknowledged`,
      );
      expect(exit, A().output()).toEqual({ code: 0, signal: null });
      expect(exitedAfterMs).toBeLessThan(10_000);

      // SIGTERM landed mid-stream: some posts were in flight.
      expect(outcomes.some((outcome) => outcome.started < sigtermAt && outcome.ended > sigtermAt)).toBe(true);

      // Every acknowledged post is stored, under the clientId it was sent with.
      const acknowledged = outcomes.filter((outcome) => outcome.status === 201 || outcome.status === 200);
      const rows = await db
        .selectFrom('comments')
        .select(['id', 'clientId'])
        .where('storyId', '=', story.id)
        .execute();
      const stored = new Map(rows.map((row) => [row.id, row.clientId]));
      const lost = acknowledged.filter(
        (outcome) => !outcome.id || stored.get(outcome.id) !== outcome.clientId,
      );
      expect(lost).toEqual([]);
      // And node B serves them.
      for (const outcome of acknowledged.slice(-5)) {
        const response = await new ApiClient(B().baseUrl).get<CommentWithContext>(
          `/api/comments/${outcome.id}`,
        );
        expect(response.status).toBe(200);
      }

      // Everything else failed cleanly, after the shutdown began: refused or reset, or 503.
      const failed = outcomes.filter((outcome) => !acknowledged.includes(outcome));
      const clean = (outcome: Outcome) =>
        outcome.ended >= sigtermAt &&
        (outcome.status === 503 ||
          (outcome.status === undefined &&
            ['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'].includes(outcome.error ?? '')));
      expect(failed.filter((outcome) => !clean(outcome))).toEqual([]);
      const storedClientIds = new Set(rows.map((row) => row.clientId));
      const lastAnswer = Math.max(...acknowledged.map((outcome) => outcome.ended));
      console.info(
        `last acknowledgement ${(lastAnswer - sigtermAt).toFixed(0)} ms after SIGTERM; ` +
          `failed but stored anyway: ${failed.filter((outcome) => storedClientIds.has(outcome.clientId)).length}; ` +
          `in flight at SIGTERM: ${outcomes.filter((outcome) => outcome.started < sigtermAt && outcome.ended > sigtermAt).length}`,
      );
      const failures = new Map<string, number>();
      for (const outcome of failed) {
        const kind = String(outcome.status ?? outcome.error);
        failures.set(kind, (failures.get(kind) ?? 0) + 1);
      }
      console.info(`failed cleanly: ${JSON.stringify(Object.fromEntries(failures))}`);

      // Health said "draining" (503) if it answered at all after SIGTERM.
      const afterSigterm = healthSeen.filter((seen) => seen.at > sigtermAt);
      for (const seen of afterSigterm.filter((seen) => seen.status !== 200)) {
        expect(seen).toMatchObject({ status: 503, body: expect.stringContaining('"draining"') as string });
      }
      console.info(
        `health after SIGTERM: ${afterSigterm.map((seen) => seen.status).join(' ') || 'no answer'}`,
      );

      // The socket on node A was dropped in a way that makes socket.io-client reconnect …
      const reason = await withTimeout(disconnectReason, 5000, 'the reader on node A to be disconnected');
      console.info(`reader on node A disconnected: "${reason}"`);
      expect(reason).not.toBe('io server disconnect');
      expect(reader.active).toBe(true);
      // … and it does, to node B, where it rejoins; node A's readers no longer count.
      await waitFor(() => rejoined.length > 0, 'the reader to reconnect and rejoin on node B', {
        timeoutMs: 10_000,
      });
      expect(proxy.connections.get(B().port)).toBeGreaterThanOrEqual(1);
      expect(rejoined[0]).toBe(1);
      const live = nextEvent(
        reader,
        'comment:created',
        (comment) => comment.body.startsWith('After the failover'),
        5000,
      );
      await postComment(on(B(), authors[1]!), slug, { body: uniqueBody('After the failover') });
      await live;

      // Nothing went wrong on node A while it drained: post-commit notifications (AfterCommitTasks)
      // finish before the database pool closes.
      const errors = A()
        .output()
        .split('\n')
        .filter((line) => ERROR_LINE.test(line));
      expect(errors).toEqual([]);
    } finally {
      stop = true;
      reader.disconnect();
      await db.updateTable('siteSettings').set({ postIntervalSeconds: 3 }).where('id', '=', 1).execute();
    }
  }, 90_000);
});
