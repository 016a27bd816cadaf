import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { DB, Kysely } from '@parley/db';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import type { Comment, CommentChanges } from '@parley/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ERROR_LINE, startNode, type ApiNode } from './multinode/node.js';
import { startFailoverProxy, type FailoverProxy } from './multinode/proxy.js';
import { hasRedisServer, startOwnRedis, type OwnRedis } from './faults/redis-server.js';
import { startCuttableProxy, type CuttableProxy } from './faults/tcp-proxy.js';
import { acknowledged, lostOrDuplicated, post, startWriters, tally, type Outcome } from './faults/writers.js';
import { ADMIN } from './support/app.js';
import { createStory, registerUser, uniqueBody, type TestUser } from './support/factories.js';
import { ApiClient } from './support/http.js';
import {
  closeAllSockets,
  connectSocket,
  joined,
  nextEvent,
  recordEvents,
  type ClientSocket,
} from './support/sockets.js';
import { waitFor } from './support/wait.js';

/*
 * The faults of production, on real engines, with the faults under the test's control: its own
 * redis-server (killed, restarted on the same port, frozen) and a TCP proxy between the nodes and
 * the machine's Postgres (every connection cut, new ones refused, then let through again). The
 * shared Postgres and Redis themselves are never touched. Two built API nodes, writer streams and
 * listening sockets; each scenario checks exit codes, statuses during and after, health, time to
 * recovery, and that every acknowledged comment is stored exactly once.
 */
const missing = [
  ...(process.env.DATABASE_URL ? [] : ['DATABASE_URL (a Postgres whose user may create databases)']),
  ...(hasRedisServer() ? [] : ['a redis-server binary on the PATH']),
];
if (missing.length > 0 && process.env.CI) {
  throw new Error(`CI must run the fault suite: it needs ${missing.join(' and ')}`);
}
if (missing.length > 0) console.warn(`faults.test.ts skipped: it needs ${missing.join(' and ')}`);

interface HealthSample {
  at: number;
  status: number | string;
  body: { status?: string; redis?: string; db?: string };
}

async function health(node: ApiNode): Promise<HealthSample> {
  const at = performance.now();
  try {
    const response = await fetch(`${node.baseUrl}/api/health`, { signal: AbortSignal.timeout(5000) });
    return { at, status: response.status, body: (await response.json()) as HealthSample['body'] };
  } catch (error) {
    return { at, status: (error as Error).name, body: {} };
  }
}

/** Samples health of the nodes every 200 ms until stopped. */
function watchHealth(nodes: ApiNode[]): { samples: Map<ApiNode, HealthSample[]>; stop(): Promise<void> } {
  const samples = new Map(nodes.map((node) => [node, [] as HealthSample[]]));
  let stopped = false;
  const loops = nodes.map(async (node) => {
    while (!stopped) {
      samples.get(node)!.push(await health(node));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
  return {
    samples,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

/** Lines of a node's output from `offset` on that match. */
function linesSince(node: ApiNode, offset: number, pattern: RegExp): string[] {
  return node
    .output()
    .slice(offset)
    .split('\n')
    .filter((line) => pattern.test(line));
}

describe.skipIf(missing.length > 0)('faults: Redis and Postgres outages, a crashed node', () => {
  let database: TestDatabase | undefined;
  let db: Kysely<DB>;
  let redis: OwnRedis | undefined;
  let pgProxy: CuttableProxy | undefined;
  let failover: FailoverProxy | undefined;
  let nodeA: ApiNode | undefined;
  let nodeB: ApiNode | undefined;
  const A = () => nodeA!;
  const B = () => nodeB!;
  let authors: TestUser[] = [];
  /** Posts outside the writer streams (probes), for no-interval authors too. */
  let prober: TestUser;

  beforeAll(async () => {
    await ensureBuilt();
    redis = await startOwnRedis();
    database = await createTestDatabase('postgres');
    db = database.db;
    const target = new URL(database.url!);
    pgProxy = await startCuttableProxy(target.hostname, Number(target.port || 5432));
    const env = {
      DATABASE_URL: pgProxy.rewrite(database.url!),
      DATABASE_POOL_SIZE: '5',
      REDIS_URL: redis.url,
      PARLEY_REDIS_PREFIX: `parley-faults-${randomBytes(6).toString('hex')}`,
      PARLEY_ADMIN: `${ADMIN.username}:${ADMIN.password}`,
      PARLEY_WEB_DIST: '/nonexistent',
      PARLEY_SOCKETS_PER_ADDRESS: '1000000',
    };
    const [a, b] = await Promise.allSettled([startNode('A', env), startNode('B', env)]);
    if (a.status === 'fulfilled') nodeA = a.value;
    if (b.status === 'fulfilled') nodeB = b.value;
    if (a.status === 'rejected') throw a.reason;
    if (b.status === 'rejected') throw b.reason;

    // Dense streams: no posting interval (each node re-reads settings within two seconds).
    await db.updateTable('siteSettings').set({ postIntervalSeconds: 0 }).where('id', '=', 1).execute();
    authors = await Promise.all(Array.from({ length: 4 }, () => registerUser(A())));
    prober = await registerUser(B());
    const { slug } = await createStory(db);
    for (const node of [A(), B()]) {
      await waitFor(
        async () =>
          acknowledged(await post(node.baseUrl, prober, slug)) &&
          acknowledged(await post(node.baseUrl, prober, slug)),
        `node ${node.name} to drop the posting interval`,
        { timeoutMs: 10_000, everyMs: 200 },
      );
    }
  }, 180_000);

  afterEach(() => {
    closeAllSockets();
  });

  afterAll(async () => {
    closeAllSockets();
    await failover?.close();
    const exits = await Promise.all([nodeA?.stop(), nodeB?.stop()]);
    await pgProxy?.close();
    await redis?.kill();
    await database?.close();
    // Node B was never killed: it must still stop cleanly after everything it went through.
    if (nodeB) expect(exits[1], nodeB.output().slice(-4000)).toEqual({ code: 0, signal: null });
  }, 60_000);

  /** Both nodes are still running: a fault must never end a process. */
  function expectBothAlive(): void {
    for (const node of [A(), B()]) {
      expect(node.hasExited(), `node ${node.name} exited:\n${node.output().slice(-4000)}`).toBe(false);
    }
  }

  /**
   * Time from `since` until a comment posted on node A reaches a reader on node B, retrying with a
   * new probe every 300 ms; throws past `timeoutMs`.
   */
  async function crossNodeDeliveryAfter(
    reader: ClientSocket,
    slug: string,
    since: number,
    timeoutMs: number,
  ): Promise<number> {
    const seen = new Set<string>();
    const listener = (comment: Comment) => seen.add(comment.body);
    reader.on('comment:created', listener);
    try {
      const sent: string[] = [];
      await waitFor(
        async () => {
          const body = uniqueBody('Probe');
          sent.push(body);
          await post(A().baseUrl, prober, slug, undefined, body);
          await new Promise((resolve) => setTimeout(resolve, 300));
          return sent.some((each) => seen.has(each));
        },
        'a comment posted on node A to reach a reader on node B',
        { timeoutMs, everyMs: 0 },
      );
      return performance.now() - since;
    } finally {
      reader.off('comment:created', listener);
    }
  }

  it('the drill: Redis stopped under a writer stream, then started again', async () => {
    const { slug } = await createStory(db);
    const reader = await connectSocket(B().baseUrl, { reconnection: true });
    await joined(reader, slug);
    const offsets = new Map([A(), B()].map((node) => [node, node.output().length]));
    const writers = startWriters(authors, slug, (index) => (index % 2 === 0 ? A() : B()).baseUrl);
    const watch = watchHealth([A(), B()]);
    try {
      await crossNodeDeliveryAfter(reader, slug, performance.now(), 5000);
      await waitFor(() => writers.acked() >= 10, '10 acknowledged posts before the fault', {
        timeoutMs: 15_000,
      });

      const killedAt = performance.now();
      await redis!.kill();

      // Within a few seconds both nodes say "degraded" — with 200, so a balancer keeps them.
      for (const node of [A(), B()]) {
        await waitFor(async () => (await health(node)).body.status === 'degraded', `${node.name} degraded`, {
          timeoutMs: 5000,
          everyMs: 100,
        });
      }
      const ackedBefore = writers.acked();
      // Reading, sign-in (limits per node) and joining all work without Redis, none waiting on it.
      // (The bound is loose for CPU contention: argon2 sign-ins share two cores with everything.)
      const timed = async <T>(work: () => Promise<T>) => {
        const started = performance.now();
        const result = await work();
        return { result, ms: performance.now() - started };
      };
      const [thread, signIn, wrongPassword, join] = await Promise.all([
        timed(() => new ApiClient(B().baseUrl).get(`/api/stories/${slug}/comments`)),
        timed(() =>
          new ApiClient(A().baseUrl).post('/api/auth/login', {
            username: authors[0]!.username,
            password: authors[0]!.password,
          }),
        ),
        timed(() =>
          new ApiClient(B().baseUrl).post('/api/auth/login', {
            username: authors[1]!.username,
            password: 'not-the-password',
          }),
        ),
        timed(async () => joined(await connectSocket(A().baseUrl), slug)),
      ]);
      expect([thread, signIn, wrongPassword].map(({ result }) => result.status)).toEqual([200, 200, 401]);
      expect(join.result).toBe(1); // this node's own count
      console.info(
        `without Redis: thread ${thread.ms.toFixed(0)} ms, sign-in ${signIn.ms.toFixed(0)} ms, ` +
          `refused sign-in ${wrongPassword.ms.toFixed(0)} ms, connect + join ${join.ms.toFixed(0)} ms`,
      );
      for (const { ms } of [thread, signIn, wrongPassword, join]) expect(ms).toBeLessThan(5000);
      await waitFor(
        () => writers.acked() >= ackedBefore + 10 && performance.now() - killedAt > 3000,
        'posts acknowledged during a 3-second Redis outage',
        { timeoutMs: 10_000 },
      );
      expectBothAlive();

      const restartedAt = performance.now();
      await redis!.start();
      const recoveryMs = await crossNodeDeliveryAfter(reader, slug, restartedAt, 5000);
      for (const node of [A(), B()]) {
        await waitFor(async () => (await health(node)).body.status === 'ok', `${node.name} healthy again`, {
          timeoutMs: 5000,
          everyMs: 100,
        });
      }
      await writers.stop();
      await watch.stop();
      console.info(
        `Redis down ${((restartedAt - killedAt) / 1000).toFixed(1)} s; cross-node delivery back ` +
          `${recoveryMs.toFixed(0)} ms after Redis started; posts ${JSON.stringify(tally(writers.outcomes))}`,
      );

      expectBothAlive();
      expect(recoveryMs).toBeLessThan(5000);
      // Every post answered, none failed: posting never needed Redis.
      expect(writers.outcomes.filter((outcome) => !acknowledged(outcome))).toEqual([]);
      expect(await lostOrDuplicated(db, writers.outcomes)).toEqual([]);
      // Health never said 503, nor failed to answer.
      for (const [node, samples] of watch.samples) {
        expect(
          samples.filter((sample) => sample.status !== 200),
          node.name,
        ).toEqual([]);
        expect(
          samples.some((sample) => sample.body.redis === 'down'),
          node.name,
        ).toBe(true);
      }
      // One line when Redis went, one when it came back; none per failed command.
      for (const node of [A(), B()]) {
        const offset = offsets.get(node)!;
        expect(linesSince(node, offset, /Redis is down/), node.output().slice(offset)).toHaveLength(1);
        expect(linesSince(node, offset, /Redis is back/)).toHaveLength(1);
        expect(linesSince(node, offset, ERROR_LINE)).toHaveLength(1);
      }
    } finally {
      await writers.stop();
      await watch.stop();
      await redis!.start();
    }
  }, 90_000);

  it('Redis frozen (answers nothing): posts and sign-in go on within the command timeout', async () => {
    const { slug } = await createStory(db);
    const reader = await connectSocket(B().baseUrl, { reconnection: true });
    await joined(reader, slug);
    const writers = startWriters(authors.slice(0, 2), slug, () => A().baseUrl);
    try {
      await waitFor(() => writers.acked() >= 5, 'posts before the fault', { timeoutMs: 10_000 });
      redis!.pause();
      const pausedAt = performance.now();
      await waitFor(async () => (await health(B())).body.status === 'degraded', 'B to report Redis down', {
        timeoutMs: 5000,
        everyMs: 100,
      });
      const signIn = await new ApiClient(B().baseUrl).post('/api/auth/login', {
        username: authors[2]!.username,
        password: authors[2]!.password,
      });
      expect(signIn.status).toBe(200);
      const ackedBefore = writers.acked();
      await waitFor(() => writers.acked() >= ackedBefore + 5, 'posts acknowledged while Redis is frozen', {
        timeoutMs: 10_000,
      });
      const frozenMs = performance.now() - pausedAt;

      redis!.resume();
      const resumedAt = performance.now();
      const recoveryMs = await crossNodeDeliveryAfter(reader, slug, resumedAt, 5000);
      await waitFor(async () => (await health(A())).body.status === 'ok', 'A healthy again', {
        timeoutMs: 5000,
      });
      await writers.stop();
      const slowest = Math.max(...writers.outcomes.map((outcome) => outcome.ended - outcome.started));
      console.info(
        `Redis frozen ${(frozenMs / 1000).toFixed(1)} s; slowest post ${slowest.toFixed(0)} ms; ` +
          `cross-node delivery back ${recoveryMs.toFixed(0)} ms after it resumed`,
      );

      expectBothAlive();
      expect(writers.outcomes.filter((outcome) => !acknowledged(outcome))).toEqual([]);
      expect(slowest).toBeLessThan(3000);
      expect(recoveryMs).toBeLessThan(5000);
      expect(await lostOrDuplicated(db, writers.outcomes)).toEqual([]);
    } finally {
      redis!.resume();
      await writers.stop();
    }
  }, 60_000);

  it('Postgres unreachable (every connection reset): 503s at once, sockets stay, retries store once', async () => {
    const { slug } = await createStory(db);
    const reader = await connectSocket(B().baseUrl, { reconnection: true });
    await joined(reader, slug);
    let readerDisconnected = false;
    reader.on('disconnect', () => (readerDisconnected = true));
    const writers = startWriters(authors, slug, (index) => (index % 2 === 0 ? A() : B()).baseUrl);
    const offsets = new Map([A(), B()].map((node) => [node, node.output().length]));
    const cutFor = { at: 0, restoredAt: 0 };
    try {
      await waitFor(() => writers.acked() >= 10, '10 acknowledged posts before the fault', {
        timeoutMs: 15_000,
      });

      cutFor.at = performance.now();
      pgProxy!.cut();
      const during: { thread?: number; threadCode?: string; health: HealthSample[] } = { health: [] };
      await waitFor(
        async () => {
          const samples = await Promise.all([health(A()), health(B())]);
          during.health.push(...samples);
          return samples.every((sample) => sample.status === 503);
        },
        'both nodes to answer health 503',
        { timeoutMs: 5000, everyMs: 100 },
      );
      const thread = await new ApiClient(A().baseUrl).get<{ code?: string }>(`/api/stories/${slug}/comments`);
      during.thread = thread.status;
      during.threadCode = thread.body.code;
      // Let the outage last a few seconds, under the writers.
      const failedBefore = writers.outcomes.filter((outcome) => outcome.status === 503).length;
      await waitFor(
        () =>
          writers.outcomes.filter((outcome) => outcome.status === 503).length >= failedBefore + 20 &&
          performance.now() - cutFor.at > 4000,
        'posts refused during a 4-second outage',
        { timeoutMs: 15_000 },
      );
      expect(reader.connected).toBe(true);
      expectBothAlive();

      pgProxy!.restore();
      cutFor.restoredAt = performance.now();
      await waitFor(
        async () => (await Promise.all([health(A()), health(B())])).every((sample) => sample.status === 200),
        'both nodes healthy again',
        { timeoutMs: 10_000, everyMs: 100 },
      );
      const healthyMs = performance.now() - cutFor.restoredAt;
      const ackedAtRestore = writers.acked();
      await waitFor(() => writers.acked() >= ackedAtRestore + 10, 'posts acknowledged after the outage', {
        timeoutMs: 10_000,
      });
      await writers.stop();
      const recoveryMs = await crossNodeDeliveryAfter(reader, slug, performance.now(), 5000);

      // The authors retry what failed, with the same clientId, as the composer does.
      const failed = writers.outcomes.filter((outcome) => !acknowledged(outcome));
      const retries: Outcome[] = [];
      for (const outcome of failed) {
        retries.push(await post(outcome.node, outcome.author, slug, outcome.clientId, outcome.body));
      }

      const slowestFailure = Math.max(...failed.map((outcome) => outcome.ended - outcome.started));
      console.info(
        `Postgres cut ${((cutFor.restoredAt - cutFor.at) / 1000).toFixed(1)} s; healthy ${healthyMs.toFixed(0)} ms ` +
          `after it was back; live delivery ${recoveryMs.toFixed(0)} ms; posts ${JSON.stringify(tally(writers.outcomes))}; ` +
          `slowest refusal ${slowestFailure.toFixed(0)} ms; retries ${JSON.stringify(tally(retries))}`,
      );

      expectBothAlive();
      expect(readerDisconnected).toBe(false);
      expect([during.thread, during.threadCode]).toEqual([503, 'server/unavailable']);
      expect(
        during.health.filter((sample) => sample.status === 503).map((sample) => sample.body.status),
      ).toContain('unavailable');
      // Every failure was a clean, prompt 503 — no 500, no hang, no dropped connection.
      expect(failed.length).toBeGreaterThan(0);
      expect(
        failed.filter((outcome) => outcome.status !== 503 || outcome.code !== 'server/unavailable'),
      ).toEqual([]);
      expect(slowestFailure).toBeLessThan(5000);
      expect(healthyMs).toBeLessThan(5000);
      expect(retries.filter((outcome) => !acknowledged(outcome))).toEqual([]);
      expect(await lostOrDuplicated(db, [...writers.outcomes, ...retries])).toEqual([]);
      for (const node of [A(), B()]) {
        const offset = offsets.get(node)!;
        expect(linesSince(node, offset, /Postgres is down/)).toHaveLength(1);
        expect(linesSince(node, offset, /Postgres is back/)).toHaveLength(1);
        expect(linesSince(node, offset, /unhandled|uncaught/i)).toEqual([]);
      }
    } finally {
      pgProxy!.restore();
      await writers.stop();
    }
  }, 90_000);

  // Last: it kills node A.
  it('node A killed with SIGKILL mid-stream: readers move to B with no gap, its presence share goes', async () => {
    const { slug } = await createStory(db);
    failover = await startFailoverProxy([A().port, B().port]);
    // A reader behind a balancer, on A now; another reader on B.
    const moving = await connectSocket(failover.url, { reconnection: true });
    expect(failover.connections.get(A().port)).toBe(1);
    const since = (
      await new ApiClient(B().baseUrl).get<CommentChanges>(
        `/api/stories/${slug}/comments/changes?since=${new Date(Date.now() - 60_000).toISOString()}`,
      )
    ).body.serverTime;
    const live = recordEvents(moving, 'comment:created');
    await joined(moving, slug);
    const reconnected = new Promise<void>((resolve) => moving.io.once('reconnect', () => resolve()));
    const stayer = await connectSocket(B().baseUrl);
    expect(await joined(stayer, slug)).toBe(2);

    const writers = startWriters(authors, slug, (index) => (index % 2 === 0 ? A() : B()).baseUrl);
    let killedAt = 0;
    try {
      await waitFor(() => writers.acked() >= 20, 'posts before the kill', { timeoutMs: 15_000 });
      killedAt = performance.now();
      A().signal('SIGKILL');
      const exit = await A().exited;
      expect(exit).toEqual({ code: null, signal: 'SIGKILL' });

      // The reader reconnects through the balancer to B, rejoins, and catches up as the web app does.
      await reconnected;
      const reconnectMs = performance.now() - killedAt;
      await joined(moving, slug);
      // The stream spanned the kill and the move; stopped here, it stays within one catch-up
      // (CATCH_UP_LIMIT) however fast the nodes post while presence settles.
      await writers.stop();
      // Presence: A's share (this reader, before) leaves the count once its heartbeat is stale.
      await nextEvent(stayer, 'presence:updated', (payload) => payload.readers === 2, 30_000);
      const presenceMs = performance.now() - killedAt;
      const changes = await new ApiClient(B().baseUrl).get<CommentChanges>(
        `/api/stories/${slug}/comments/changes?since=${encodeURIComponent(since)}`,
      );
      expect(changes.status).toBe(200);
      expect(changes.body.truncated).toBe(false);

      const seen = new Set([
        ...live.map((comment) => comment.id),
        ...changes.body.changed.map((comment) => comment.id),
      ]);
      const acked = writers.outcomes.filter(acknowledged);
      const gap = acked.filter((outcome) => !seen.has(outcome.id!));
      const onA = writers.outcomes.filter((outcome) => outcome.node === A().baseUrl);
      console.info(
        `SIGKILL: reader back on B after ${reconnectMs.toFixed(0)} ms; presence corrected after ` +
          `${(presenceMs / 1000).toFixed(1)} s; posts ${JSON.stringify(tally(writers.outcomes))}; ` +
          `to A ${JSON.stringify(tally(onA))}; live ${live.length}, caught up ${changes.body.changed.length}`,
      );

      expect(B().hasExited()).toBe(false);
      expect(failover.connections.get(B().port)).toBeGreaterThanOrEqual(1);
      expect(gap).toEqual([]);
      expect(presenceMs).toBeLessThan(30_000);
      expect(await lostOrDuplicated(db, writers.outcomes)).toEqual([]);
      // Posts to B never failed; posts to A failed only as a dead node's do (refused or reset).
      expect(
        writers.outcomes.filter((outcome) => outcome.node === B().baseUrl && !acknowledged(outcome)),
      ).toEqual([]);
      const failedOnA = onA.filter((outcome) => !acknowledged(outcome));
      expect(
        failedOnA.filter((outcome) => outcome.status !== undefined || outcome.started < killedAt - 1000),
      ).toEqual([]);
    } finally {
      await writers.stop();
    }
  }, 90_000);
});
