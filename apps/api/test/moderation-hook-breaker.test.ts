import { randomBytes } from 'node:crypto';
import type { CreateCommentResponse } from '@parley/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Metrics } from '../src/metrics/metrics.js';
import { createStory, createUser, setPostInterval, uniqueBody } from './support/factories.js';
import { closedPort, moderationHookServer } from './support/moderation-hook-server.js';
import { appSuite } from './support/suite.js';
import type { TestApp } from './support/app.js';
import { waitFor } from './support/wait.js';

const SECRET = randomBytes(32).toString('hex');
const FAILURES = 3;
const COOLDOWN_MS = 1500;
const BUDGET_MS = 400;

let hook: Awaited<ReturnType<typeof moderationHookServer>>;
let deadPort: number;
beforeAll(async () => {
  hook = await moderationHookServer();
  deadPort = await closedPort();
});
afterAll(async () => {
  await hook?.close();
});

const hookEnv = (url: string) => ({
  PARLEY_MODERATION_HOOK_URL: url,
  PARLEY_MODERATION_HOOK_SECRET: SECRET,
  PARLEY_MODERATION_HOOK_BUDGET_MS: String(BUDGET_MS),
  PARLEY_MODERATION_HOOK_BREAKER_FAILURES: String(FAILURES),
  PARLEY_MODERATION_HOOK_BREAKER_COOLDOWN_MS: String(COOLDOWN_MS),
  PARLEY_WEBHOOK_ALLOW_PRIVATE: 'true',
});

/** Posts as a fresh author on a fresh story; the status the pipeline gave and how long it took. */
async function post(app: TestApp): Promise<{ status: string; elapsedMs: number }> {
  const author = await createUser(app);
  const { slug } = await createStory(app.db);
  const started = performance.now();
  const response = await author.client.post<CreateCommentResponse>(`/api/stories/${slug}/comments`, {
    body: uniqueBody(),
  });
  expect(response.status).toBe(201);
  return { status: response.body.comment.status, elapsedMs: performance.now() - started };
}

async function outcomeCount(app: TestApp, outcome: string): Promise<number> {
  const metric = await app.app.get(Metrics, { strict: false }).moderationHookCalls.get();
  return metric.values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
}

/**
 * The moderation hook's circuit breaker: after FAILURES failed calls in a row no call reaches the
 * hook for the cool-down (posts go on at once, unjudged), then one call tries again and an answer
 * closes it.
 */
appSuite('moderation hook breaker', { env: () => hookEnv(hook.url) }, (app) => {
  beforeAll(async () => {
    await setPostInterval(app, 0);
  });

  it('opens after repeated failures, skips the hook during the cool-down, then closes again', async () => {
    hook.reply({ status: 500 });
    const before = hook.calls.length;
    // The breaker opens during the last failing post, so its cool-down starts no earlier than that post.
    let lastFailureStarted = 0;
    for (let failure = 0; failure < FAILURES; failure++) {
      lastFailureStarted = Date.now();
      expect((await post(app)).status).toBe('published');
    }
    expect(hook.calls.length).toBe(before + FAILURES);

    // Open: the hook would hold now, but no call reaches it (none waits for it); posts go on unjudged.
    hook.reply({ action: 'hold', reason: 'back' });
    const skipped = await outcomeCount(app, 'skipped');
    const during = await post(app);
    expect(during.status).toBe('published');
    expect(hook.calls.length).toBe(before + FAILURES);
    expect(await outcomeCount(app, 'skipped')).toBe(skipped + 1);

    // After the cool-down a call tries again (half-open); its answer closes the breaker.
    let held = false;
    await waitFor(
      async () => {
        held = (await post(app)).status === 'pending';
        return held;
      },
      'the breaker to let a call through',
      { timeoutMs: COOLDOWN_MS * 4, everyMs: 100 },
    );
    // (A timer may fire a millisecond early by the wall clock: a small allowance, not the load's.)
    expect(Date.now() - lastFailureStarted).toBeGreaterThanOrEqual(COOLDOWN_MS - 20);
    expect(hook.calls.length).toBe(before + FAILURES + 1);
    expect((await post(app)).status).toBe('pending');
    expect(hook.calls.length).toBe(before + FAILURES + 2);
  });

  it('a failed try while half-open opens it again at once', async () => {
    hook.reply('hang');
    for (let failure = 0; failure < FAILURES; failure++) await post(app);
    const calls = hook.calls.length;
    // Still failing after the cool-down: one try, then open again without a second.
    await waitFor(async () => (await post(app), hook.calls.length > calls), 'the half-open try', {
      timeoutMs: COOLDOWN_MS * 4,
      everyMs: 100,
    });
    expect(hook.calls.length).toBe(calls + 1);
    await post(app);
    expect(hook.calls.length).toBe(calls + 1);
    expect(await outcomeCount(app, 'timeout')).toBeGreaterThanOrEqual(FAILURES + 1);
  });
});

/** A hook nobody listens for: refused connections fail open, counted as errors, then the breaker stops trying. */
appSuite(
  'moderation hook on a closed port',
  { env: () => hookEnv(`http://127.0.0.1:${deadPort}/moderate`) },
  (app) => {
    beforeAll(async () => {
      await setPostInterval(app, 0);
    });

    it('posts go on, the errors are counted and the breaker opens', async () => {
      for (let failure = 0; failure < FAILURES; failure++) {
        const posted = await post(app);
        expect(posted.status).toBe('published');
        expect(posted.elapsedMs).toBeLessThan(BUDGET_MS + 1500);
      }
      expect(await outcomeCount(app, 'error')).toBe(FAILURES);
      await post(app);
      expect(await outcomeCount(app, 'skipped')).toBe(1);
    });
  },
);

/** Without PARLEY_WEBHOOK_ALLOW_PRIVATE the hook is held to the webhooks' address rule: loopback is refused, never called. */
appSuite(
  'moderation hook on a private address',
  {
    env: () => {
      const { PARLEY_WEBHOOK_ALLOW_PRIVATE: _allowed, ...env } = hookEnv(hook.url);
      return env;
    },
  },
  (app) => {
    it('is not called, and the post goes on', async () => {
      const before = hook.calls.length;
      expect((await post(app)).status).toBe('published');
      expect(hook.calls.length).toBe(before);
      expect(await outcomeCount(app, 'refused')).toBe(1);
    });
  },
);
