import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { hasRedisServer, reserveOwnRedis, startOwnRedis, type OwnRedis } from './faults/redis-server.js';
import { startApp, type TestApp } from './support/app.js';
import { createStory, createUser, postComment, registerUser, uniqueBody } from './support/factories.js';
import { closeAllSockets, connectSocket, joined, nextEvent } from './support/sockets.js';
import { waitFor } from './support/wait.js';

/*
 * Redis outages a node must ride out, with a redis-server of the test's own (started late, killed,
 * started again on the same port): starting while Redis is away, and telling readers when live
 * events flow between nodes again. Postgres, because a second node joins the first one's database.
 */
const runnable = Boolean(process.env.DATABASE_URL) && hasRedisServer();
if (!runnable && process.env.CI) {
  throw new Error('CI must run the Redis outage tests: they need DATABASE_URL and a redis-server binary');
}
if (!runnable) console.warn('redis-outages.test.ts skipped: it needs DATABASE_URL and a redis-server binary');

/** Well under the 30 s a node used to wait for Redis before giving up. */
const DEGRADED_BOOT_MS = 15_000;

interface Health {
  status: string;
  redis?: string;
}

async function health(node: TestApp): Promise<{ status: number; body: Health }> {
  const response = await fetch(`${node.baseUrl}/api/health`);
  return { status: response.status, body: (await response.json()) as Health };
}

describe.skipIf(!runnable)('Redis outages', () => {
  const nodes: TestApp[] = [];
  let redis: OwnRedis | undefined;

  async function boot(env: Record<string, string>, joinTo?: TestApp): Promise<TestApp> {
    let timer: NodeJS.Timeout | undefined;
    const node = await Promise.race([
      startApp({ engine: 'postgres', env, joinTo }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`the node did not start within ${DEGRADED_BOOT_MS} ms`)),
          DEGRADED_BOOT_MS,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    nodes.push(node);
    return node;
  }

  const redisEnv = (url: string) => ({
    REDIS_URL: url,
    PARLEY_REDIS_PREFIX: `parley-outage-${randomBytes(6).toString('hex')}`,
  });

  afterEach(async () => {
    closeAllSockets();
    // Joined nodes first: the first one drops the shared database when it closes.
    for (const node of nodes.splice(0).reverse()) await node.close();
    await redis?.kill();
    redis = undefined;
  });

  it('starts degraded without Redis, serves and posts, then heals when Redis appears', async () => {
    redis = await reserveOwnRedis();
    const a = await boot(redisEnv(redis.url));

    expect(await health(a)).toEqual({
      status: 200,
      body: expect.objectContaining({ status: 'degraded', redis: 'down' }),
    });
    const { slug } = await createStory(a.db);
    const reader = await connectSocket(a.baseUrl);
    await joined(reader, slug);
    // Through the sign-up limit, which counts in memory while Redis is away.
    const author = await registerUser(a);
    const body = uniqueBody('Posted while Redis was away');
    const arrived = nextEvent(reader, 'comment:created', (comment) => comment.body === body);
    await postComment(author.client, slug, { body });
    await arrived;

    const resumed = nextEvent(reader, 'live:resumed');
    await redis.start();
    await waitFor(async () => (await health(a)).body.redis === 'up', 'node A to see Redis up', {
      timeoutMs: 10_000,
    });
    expect((await health(a)).body.status).toBe('ok');
    await resumed;

    // Healed for real: an event emitted on A reaches a reader on another node.
    const b = await boot({}, a);
    const farReader = await connectSocket(b.baseUrl);
    await joined(farReader, slug);
    const later = uniqueBody('Posted after Redis came back');
    const crossed = nextEvent(farReader, 'comment:created', (comment) => comment.body === later);
    await postComment((await createUser(a)).client, slug, { body: later });
    await crossed;
    // And the other way: A, which started without Redis, has subscribed since.
    const fromB = uniqueBody('Posted on the other node');
    const crossedBack = nextEvent(reader, 'comment:created', (comment) => comment.body === fromB);
    await postComment((await createUser(b)).client, slug, { body: fromB });
    await crossedBack;
  });

  it('tells connected sockets when Redis is back, so they catch up what did not reach them', async () => {
    redis = await startOwnRedis();
    const a = await boot(redisEnv(redis.url));
    const reader = await connectSocket(a.baseUrl);
    const secondReader = await connectSocket(a.baseUrl);
    await waitFor(async () => (await health(a)).body.redis === 'up', 'Redis up at start');

    await redis.kill();
    await waitFor(async () => (await health(a)).body.redis === 'down', 'node A to see Redis down', {
      timeoutMs: 10_000,
    });
    const resumed = [nextEvent(reader, 'live:resumed'), nextEvent(secondReader, 'live:resumed')];
    await redis.start();

    await Promise.all(resumed);
    expect((await health(a)).body.redis).toBe('up');
  });
});
