import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, testEngines, type TestDatabase } from '@parley/db/testing';
import type { CreateCommentResponse, Me } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, registerUser, uniqueName } from './support/factories.js';
import { ApiClient, type ApiResponse } from './support/http.js';
import { connectSocket, joinStory } from './support/sockets.js';
import { waitFor } from './support/wait.js';
import { receiver } from './support/webhook-receiver.js';
import { ensureBuilt, startNode, type ApiNode } from './multinode/node.js';

const BOOT_MS = 120_000;
const ADMIN_PASSWORD = 'admin-log-password-1';

interface LogLine {
  level: string;
  time: string;
  msg: string;
  context?: string;
  requestId?: string;
  userId?: string;
  [field: string]: unknown;
}

/** Every line of the node's stdout, each of which must be one JSON object. */
function logLines(node: ApiNode): LogLine[] {
  return node
    .stdout()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as LogLine;
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
    });
}

/** A fresh node over its own database: a data directory (PGlite) or a throwaway Postgres database. */
async function bootNode(
  engine: 'pglite' | 'postgres',
  env: Record<string, string>,
): Promise<{ node: ApiNode; cleanUp: () => Promise<void> }> {
  let dataDir: string | undefined;
  let database: TestDatabase | undefined;
  const own: Record<string, string> = {};
  if (engine === 'pglite') {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-logs-'));
    own.PARLEY_DATA_DIR = dataDir;
  } else {
    database = await createTestDatabase('postgres');
    own.DATABASE_URL = database.url!;
    if (process.env.REDIS_URL) {
      own.REDIS_URL = process.env.REDIS_URL;
      own.PARLEY_REDIS_PREFIX = uniqueName('logs');
    }
  }
  const node = await startNode(
    'logs',
    {
      PARLEY_WEB_DIST: '/nonexistent',
      PARLEY_ADMIN: `admin:${ADMIN_PASSWORD}`,
      PARLEY_WEBHOOK_ALLOW_PRIVATE: 'true',
      ...own,
      ...env,
    },
    BOOT_MS,
  );
  return {
    node,
    cleanUp: async () => {
      await node.stop();
      await database?.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function defaultSlug(baseUrl: string): Promise<string> {
  const response = await new ApiClient(baseUrl).get<{ story: { slug: string } }>('/api/stories/default');
  return response.body.story.slug;
}

function requestIdOf(response: ApiResponse): string {
  const id = response.headers.get('x-request-id');
  if (!id) throw new Error('no X-Request-Id header');
  return id;
}

describe.each(testEngines())('logs over %s', (engine) => {
  let node: ApiNode;
  let cleanUp: () => Promise<void> = async () => undefined;
  let hook: Awaited<ReturnType<typeof receiver>>;
  const secrets: Record<string, string> = {};
  let author: Me;
  let postRequestId: string;
  let replyRequestId: string;

  beforeAll(async () => {
    await ensureBuilt();
    ({ node, cleanUp } = await bootNode(engine, {}));
    hook = await receiver(() => 200);

    const admin = await login(node, 'admin', ADMIN_PASSWORD);
    secrets.webhookSecret = `webhook-secret-${uniqueName()}-of-enough-length`;
    const webhook = await admin.post('/api/moderation/webhooks', {
      url: hook.url,
      events: ['comment.created'],
      secret: secrets.webhookSecret,
    });
    expect(webhook.status).toBe(201);

    secrets.email = `${uniqueName('mail')}@example.org`;
    const registered = await new ApiClient(node.baseUrl).post<Me>('/api/auth/register', {
      username: uniqueName(),
      password: (secrets.password = `pw-${uniqueName()}`),
      email: secrets.email,
    });
    expect(registered.status).toBe(201);
    author = registered.body;
    const authorClient = await login(node, author.username, secrets.password);
    secrets.sessionToken = authorClient.cookie!.split('=')[1]!;
    const replier = await registerUser(node);
    secrets.replierPassword = replier.password;

    const slug = await defaultSlug(node.baseUrl);
    secrets.commentText = `Distinctive comment text ${uniqueName()}`;
    const post = await authorClient.post<CreateCommentResponse>(`/api/stories/${slug}/comments`, {
      body: secrets.commentText,
    });
    expect(post.status).toBe(201);
    postRequestId = requestIdOf(post);
    secrets.replyText = `Distinctive reply text ${uniqueName()}`;
    const reply = await replier.client.post<CreateCommentResponse>(`/api/stories/${slug}/comments`, {
      body: secrets.replyText,
      parentId: post.body.comment.id,
    });
    expect(reply.status).toBe(201);
    replyRequestId = requestIdOf(reply);

    // Failed requests: a wrong password, and a token in a query string.
    expect(
      (
        await new ApiClient(node.baseUrl).post('/api/auth/login', {
          username: author.username,
          password: 'wrong-password-123',
        })
      ).status,
    ).toBe(401);
    secrets.queryToken = `query-token-${uniqueName()}`;
    const me = await new ApiClient(node.baseUrl).get(`/api/me/notifications?token=${secrets.queryToken}`);
    expect(me.status).toBe(401);
    // A line is written once the answer is sent, which may be a moment after the client has it.
    await waitFor(
      () => logLines(node).some((line) => line.requestId === requestIdOf(me)),
      'the last request line',
    );

    // The webhook deliveries the two posts caused have run.
    await waitFor(() => hook.received.length >= 2, 'two webhook deliveries', { timeoutMs: 20_000 });
    await waitFor(
      () => logLines(node).filter((line) => line.context === 'Outbox').length >= 2,
      'the outbox lines',
      { timeoutMs: 10_000 },
    );
  }, BOOT_MS);
  afterAll(async () => {
    await hook?.close();
    await cleanUp();
  });

  it('writes one JSON object a line, with a level, a time and a message', () => {
    const lines = logLines(node);
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      expect(line).toMatchObject({
        level: expect.any(String),
        time: expect.any(String),
        msg: expect.any(String),
      });
    }
    expect(node.output()).toBe(node.stdout());
  });

  it('writes one line per request: method, route pattern, status, duration, request id and user', () => {
    const requests = logLines(node).filter((line) => line.context === 'HTTP');
    const post = requests.find((line) => line.requestId === postRequestId);
    expect(post).toMatchObject({
      level: 'info',
      method: 'POST',
      route: '/api/stories/:slug/comments',
      status: 201,
      durationMs: expect.any(Number),
      userId: author.id,
    });
    expect(requests.find((line) => line.route === '/api/auth/login' && line.status === 401)).toMatchObject({
      method: 'POST',
      requestId: expect.stringMatching(/^[\w-]{36}$/),
    });
    expect(requests.find((line) => line.route === '/api/me/notifications')).toMatchObject({
      method: 'GET',
      status: 401,
    });
    // Each request its own id.
    const ids = requests.map((line) => line.requestId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('carries the request id into the outbox jobs the request caused', () => {
    const jobs = logLines(node).filter((line) => line.context === 'Outbox' && line.outcome === 'done');
    for (const requestId of [postRequestId, replyRequestId]) {
      expect(jobs.find((line) => line.requestId === requestId)).toMatchObject({
        kind: 'webhook.deliver',
        jobId: expect.any(String),
        attempt: 1,
      });
    }
  });

  it('never writes a password, a session token, an email address, a secret or comment text', () => {
    const output = node.output();
    for (const [name, secret] of Object.entries(secrets)) {
      expect(output.includes(secret), `${name} appears in the logs`).toBe(false);
    }
    expect(output).not.toContain(ADMIN_PASSWORD);
    expect(output).not.toMatch(/[\w.+-]+@example\.org/);
  });

  it('keeps a well-formed X-Request-Id from a trusted proxy (loopback by default), and makes one otherwise', async () => {
    const kept = await fetch(`${node.baseUrl}/api/health`, {
      headers: { 'x-request-id': 'from-the-balancer-1' },
    });
    expect(kept.headers.get('x-request-id')).toBe('from-the-balancer-1');
    const malformed = await fetch(`${node.baseUrl}/api/health`, {
      headers: { 'x-request-id': 'has spaces "and" quotes' },
    });
    expect(malformed.headers.get('x-request-id')).toMatch(/^[\w-]{36}$/);
  });

  it('keeps the route mapping out of an info-level start', () => {
    const contexts = new Set(logLines(node).map((line) => line.context));
    expect(contexts.has('RouterExplorer')).toBe(false);
    expect(contexts.has('RoutesResolver')).toBe(false);
    expect(contexts.has('InstanceLoader')).toBe(false);
    const start = logLines(node).find((line) => line.context === 'Parley');
    expect(start).toMatchObject({
      msg: expect.stringMatching(/^listening on http:\/\/127\.0\.0\.1:\d+ /),
      database: engine === 'pglite' ? 'embedded' : 'postgres',
      redis: engine === 'postgres' && process.env.REDIS_URL ? 'on' : 'off',
      version: expect.any(String),
    });
  });
});

describe('log level and format', () => {
  beforeAll(() => ensureBuilt(), BOOT_MS);

  it(
    'at debug: the route mapping, and the live events a request caused with its id',
    async () => {
      const { node, cleanUp } = await bootNode('pglite', { PARLEY_LOG_LEVEL: 'debug' });
      try {
        const user = await registerUser(node);
        const slug = await defaultSlug(node.baseUrl);
        const socket = await connectSocket(node.baseUrl, { cookie: user.client.cookie });
        expect((await joinStory(socket, { slug })).ok).toBe(true);
        socket.disconnect();
        const post = await user.client.post(`/api/stories/${slug}/comments`, {
          body: `A comment ${uniqueName()}`,
        });
        expect(post.status).toBe(201);
        const requestId = requestIdOf(post);
        await waitFor(
          () => logLines(node).some((line) => line.context === 'HTTP' && line.requestId === requestId),
          'the request line',
        );
        const lines = logLines(node);
        expect(lines.filter((line) => line.context === 'RouterExplorer').length).toBeGreaterThan(20);
        expect(
          lines.find((line) => line.context === 'Realtime' && line.event === 'comment:created'),
        ).toMatchObject({ level: 'debug', requestId });
        // An inbound socket event is a request of its own, with its id and the socket's user.
        const join = lines.find((line) => line.msg === 'socket event story:join');
        expect(join).toMatchObject({ level: 'debug', userId: user.me.id, requestId: expect.any(String) });
      } finally {
        await cleanUp();
      }
    },
    BOOT_MS,
  );

  it(
    'PARLEY_LOG_FORMAT=pretty writes lines for people, not JSON',
    async () => {
      const { node, cleanUp } = await bootNode('pglite', { PARLEY_LOG_FORMAT: 'pretty' });
      try {
        expect((await fetch(`${node.baseUrl}/api/health`)).status).toBe(200);
        await waitFor(() => node.stdout().includes('GET /api/health 200'), 'the request line');
        const lines = node.stdout().split('\n').filter(Boolean);
        for (const line of lines) expect(() => JSON.parse(line) as unknown, line).toThrow();
        expect(node.stdout()).toMatch(/INFO.*listening on http:\/\/127\.0\.0\.1:\d+/);
        expect(node.stdout()).not.toMatch(/Mapped \{/);
      } finally {
        await cleanUp();
      }
    },
    BOOT_MS,
  );
});
