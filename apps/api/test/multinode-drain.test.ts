import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { DB, Kysely } from '@parley/db';
import type { ApiErrorBody, CommentWithContext } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commentsPath, missingServices, on, twoNodes } from './multinode/cluster.js';
import { ERROR_LINE } from './multinode/node.js';
import { startFailoverProxy, type FailoverProxy } from './multinode/proxy.js';
import { createStory, postComment, registerUser, uniqueBody, type TestUser } from './support/factories.js';
import { ApiClient } from './support/http.js';
import { connectSocket, joined, nextEvent, type ClientSocket } from './support/sockets.js';
import { waitFor } from './support/wait.js';

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

/*
 * Graceful shutdown of one of two real API processes over one Postgres and one Redis: node A
 * drains on SIGTERM while posts stream in, and its readers move to node B (multinode/cluster.ts).
 */
const missing = missingServices('multinode-drain.test.ts');

describe.skipIf(missing.length > 0)('two API nodes over one Postgres and one Redis', () => {
  const cluster = twoNodes();
  const { A, B } = cluster;
  let db: Kysely<DB>;

  beforeAll(() => {
    db = cluster.db;
  });

  let proxy: FailoverProxy | undefined;

  // Registered after the nodes' hooks, so it runs before they stop.
  afterAll(async () => {
    await proxy?.close();
  });

  // It stops node A (and turns the posting interval off).
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
