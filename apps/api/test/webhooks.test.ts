import { randomUUID } from 'node:crypto';
import type {
  OutboxPage,
  StoryResponse,
  WebhookCreated,
  WebhookDeliveryList,
  WebhookList,
} from '@parley/shared';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS } from './support/app.js';
import { createStory, createUser, established, loginAdmin, postComment } from './support/factories.js';
import { ApiClient } from './support/http.js';
import { waitFor } from './support/wait.js';
import { appSuite, type AppSuiteOptions } from './support/suite.js';
import { receiver } from './support/webhook-receiver.js';
import { readmeVerifier, type Verifier } from './support/readme-verifier.js';

const options: AppSuiteOptions = {
  env: {
    PARLEY_OUTBOX_POLL_MS: '50',
    PARLEY_OUTBOX_BACKOFF_BASE_MS: '1',
    PARLEY_OUTBOX_BACKOFF_MAX_MS: '20',
    PARLEY_OUTBOX_MAX_ATTEMPTS: '3',
    PARLEY_WEBHOOK_TIMEOUT_MS: '1500',
    // The receivers here listen on 127.0.0.1 (webhook-targets.test.ts holds the default policy).
    PARLEY_WEBHOOK_ALLOW_PRIVATE: 'true',
    PARLEY_ORIGINS: 'https://news.example.org',
  },
};

appSuite('webhooks', options, (testApp) => {
  let admin: ApiClient;
  let verify: Verifier;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    admin = await loginAdmin(testApp);
    verify = await readmeVerifier();
  }, BOOT_TIMEOUT_MS);

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function register(url: string, events: string[], secret?: string): Promise<WebhookCreated> {
    const response = await admin.post<WebhookCreated>('/api/moderation/webhooks', { url, events, secret });
    expect(response.status).toBe(201);
    cleanups.push(async () => {
      await admin.delete(`/api/moderation/webhooks/${response.body.id}`);
    });
    return response.body;
  }

  async function withReceiver(answer: Parameters<typeof receiver>[0]) {
    const hook = await receiver(answer);
    cleanups.push(hook.close);
    return hook;
  }

  const deliveries = async (id: string) =>
    (await admin.get<WebhookDeliveryList>(`/api/moderation/webhooks/${id}/deliveries`)).body.items;

  it('signs each delivery so that the README verifier accepts it, and shows the secret only once', async () => {
    const hook = await withReceiver(() => 200);
    const webhook = await register(hook.url, ['comment.created'], 'a-test-secret-of-enough-length');
    expect(webhook.secret).toBe('a-test-secret-of-enough-length');
    const list = await admin.get<WebhookList>('/api/moderation/webhooks');
    expect(JSON.stringify(list.body)).not.toContain('a-test-secret-of-enough-length');
    const made = await register(hook.url, ['story.created']);
    expect(made.secret).toMatch(/^whsec_[\w-]{32}$/);

    const story = await createStory(testApp.db);
    const author = await createUser(testApp, established());
    const comment = await postComment(author.client, story.slug, { body: 'Hello, receivers' });

    await waitFor(() => hook.received.length === 1, 'the delivery');
    const [delivery] = hook.received;
    expect(delivery!.event).toMatchObject({
      type: 'comment.created',
      data: { comment: { id: comment.id, storySlug: story.slug, body: 'Hello, receivers' } },
    });
    expect(delivery!.headers['x-parley-delivery']).toBe(delivery!.event.id);
    const header = String(delivery!.headers['x-parley-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verify(webhook.secret, header, delivery!.body)).toBe(true);
    expect(verify('another-secret-of-enough-length', header, delivery!.body), 'wrong secret').toBe(false);
    expect(verify(webhook.secret, header, delivery!.body.replace('Hello', 'Hallo')), 'altered body').toBe(
      false,
    );
    expect(verify(webhook.secret, header, delivery!.body, -1), 'stale').toBe(false);
    await waitFor(async () => (await deliveries(webhook.id)).length === 1, 'the delivery record');
    expect(await deliveries(webhook.id)).toMatchObject([
      { eventId: delivery!.event.id, eventType: 'comment.created', statusCode: 200, error: null, attempt: 1 },
    ]);
  });

  it('retries on 500 with the same event id until a 2xx', async () => {
    const hook = await withReceiver((index) => (index < 2 ? 500 : 204));
    const webhook = await register(hook.url, ['comment.created']);
    const story = await createStory(testApp.db);
    await postComment((await createUser(testApp, established())).client, story.slug);

    await waitFor(async () => (await deliveries(webhook.id)).length === 3, 'three attempts');
    expect((await deliveries(webhook.id)).map((d) => [d.attempt, d.statusCode]).reverse()).toEqual([
      [1, 500],
      [2, 500],
      [3, 204],
    ]);
    expect(new Set(hook.received.map((r) => r.event.id)).size).toBe(1);
    expect(
      hook.received.every((r) => verify(webhook.secret, String(r.headers['x-parley-signature']), r.body)),
    ).toBe(true);
  });

  it('parks the delivery after the last try, where an admin can see and retry it', async () => {
    const hook = await withReceiver(() => 500);
    const webhook = await register(hook.url, ['comment.created']);
    const story = await createStory(testApp.db);
    await postComment((await createUser(testApp, established())).client, story.slug);

    const parked = async () =>
      (await admin.get<OutboxPage>('/api/moderation/outbox?status=failed')).body.items.filter(
        (item) => item.kind === 'webhook.deliver' && item.lastError === 'HTTP 500',
      );
    await waitFor(async () => (await parked()).length === 1, 'the parked row');
    expect(await parked()).toMatchObject([{ status: 'failed', attempts: 3 }]);
    expect(hook.received).toHaveLength(3);

    const retried = await admin.post(`/api/moderation/outbox/${(await parked())[0]!.id}/retry`, {});
    expect(retried.status).toBe(200);
    await waitFor(() => hook.received.length === 6, 'three more tries after the retry');
    await waitFor(async () => (await parked()).length === 1, 'parked again');
    expect((await deliveries(webhook.id)).length).toBe(6);
  });

  it('gives up on a receiver that never answers, without holding up the request that caused the event', async () => {
    const hook = await withReceiver(() => 'hang');
    const webhook = await register(hook.url, ['comment.created']);
    const story = await createStory(testApp.db);
    const author = await createUser(testApp, established());

    const startedAt = Date.now();
    await postComment(author.client, story.slug);
    expect(Date.now() - startedAt).toBeLessThan(5000);

    await waitFor(async () => (await deliveries(webhook.id)).length >= 1, 'the timed-out attempt');
    expect((await deliveries(webhook.id)).at(-1)).toMatchObject({
      attempt: 1,
      statusCode: null,
      error: 'timeout',
    });
  });

  it('does not follow redirects', async () => {
    const hook = await withReceiver(() => 'redirect');
    const webhook = await register(hook.url, ['comment.created']);
    const story = await createStory(testApp.db);
    await postComment((await createUser(testApp, established())).client, story.slug);

    await waitFor(async () => (await deliveries(webhook.id)).length >= 1, 'the attempt');
    expect((await deliveries(webhook.id)).at(-1)).toMatchObject({
      statusCode: 302,
      error: 'HTTP 302 (redirects are not followed)',
    });
    expect(hook.received.every((r) => r.path === '/hook')).toBe(true);
  });

  it('sends held, decided, reported and banned events, each from the change that caused it', async () => {
    const hook = await withReceiver(() => 200);
    await register(hook.url, ['comment.held', 'comment.decided', 'comment.reported', 'user.banned']);
    const premod = await createStory(testApp.db, { premod: 'all' });
    const author = await createUser(testApp, established());
    const held = await postComment(author.client, premod.slug);
    const events = () => hook.received.map((r) => r.event);
    await waitFor(() => events().some((e) => e.type === 'comment.held'), 'comment.held');

    expect((await admin.post(`/api/moderation/comments/${held.id}/approve`, {})).status).toBe(200);
    await waitFor(() => events().some((e) => e.type === 'comment.decided'), 'comment.decided');

    const reporter = await createUser(testApp, established());
    const reported = await reporter.client.post(`/api/comments/${held.id}/reports`, { reason: 'spam' });
    expect(reported.status).toBeLessThan(300);
    await waitFor(() => events().some((e) => e.type === 'comment.reported'), 'comment.reported');

    expect(
      (
        await admin.post(`/api/moderation/users/${author.me.id}/ban`, {
          reason: 'spam',
          rejectExisting: false,
        })
      ).status,
    ).toBe(200);
    await waitFor(() => events().some((e) => e.type === 'user.banned'), 'user.banned');

    expect(events().find((e) => e.type === 'comment.held')!.data).toMatchObject({
      comment: { id: held.id, status: 'pending' },
      reason: 'pipeline',
    });
    expect(events().find((e) => e.type === 'comment.decided')!.data).toMatchObject({
      comment: { id: held.id },
      decision: 'approve',
      from: 'pending',
      to: 'approved',
    });
    expect(events().find((e) => e.type === 'comment.reported')!.data).toMatchObject({
      comment: { id: held.id },
      report: { reason: 'spam', reporterId: reporter.me.id },
    });
    expect(events().find((e) => e.type === 'user.banned')!.data).toMatchObject({
      user: { id: author.me.id, username: author.username },
      reason: 'spam',
    });
    expect(
      events().some((e) => (e.type as string) === 'comment.created'),
      'not subscribed',
    ).toBe(false);
  });

  it('sends story.created once, signed, when a reader’s first view makes the story', async () => {
    const hook = await withReceiver(() => 200);
    const webhook = await register(hook.url, ['story.created']);
    // A page of a host site in PARLEY_ORIGINS (the request's own Host never makes a story's origin).
    const url = `https://news.example.org/news/${randomUUID()}`;
    const resolve = () =>
      new ApiClient(testApp.baseUrl).post<StoryResponse>(
        '/api/stories/resolve',
        { url, title: 'A new story', id: `cms-${randomUUID()}` },
        { origin: 'https://news.example.org' },
      );
    const first = await resolve();
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const story = first.body.story;

    await waitFor(() => hook.received.length === 1, 'the story.created delivery');
    const [delivery] = hook.received;
    expect(delivery!.event).toMatchObject({
      type: 'story.created',
      data: {
        id: story.id,
        slug: story.slug,
        url,
        externalId: story.externalId,
        title: 'A new story',
        createdAt: story.createdAt,
        via: 'resolve',
      },
    });
    expect(verify(webhook.secret, String(delivery!.headers['x-parley-signature']), delivery!.body)).toBe(
      true,
    );

    const again = await resolve();
    expect(again.status).toBe(200);
    expect(again.body.story.id).toBe(story.id);
    // Nothing was written for the second view: one outbox row ever mentions this story.
    const rows = await testApp.db
      .selectFrom('outbox')
      .select('payload')
      .where('kind', '=', 'webhook.deliver')
      .execute();
    expect(rows.filter((row) => JSON.stringify(row.payload).includes(story.id))).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hook.received).toHaveLength(1);
  });

  it('sends story.created with via admin and a null url for an admin story without a page', async () => {
    const hook = await withReceiver(() => 200);
    await register(hook.url, ['story.created']);
    const made = await admin.post<StoryResponse>('/api/moderation/stories', { title: 'Desk story' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    await waitFor(() => hook.received.length === 1, 'the story.created delivery');
    expect(hook.received[0]!.event.data).toEqual({
      id: made.body.story.id,
      slug: made.body.story.slug,
      url: null,
      externalId: null,
      title: 'Desk story',
      createdAt: made.body.story.createdAt,
      via: 'admin',
    });
  });

  it('refuses a webhook that is not http(s), and answers 404 for an unknown one', async () => {
    const bad = await admin.post('/api/moderation/webhooks', {
      url: 'ftp://example.com',
      events: ['user.banned'],
    });
    expect(bad.status).toBe(400);
    const none = await admin.post('/api/moderation/webhooks', { url: 'https://example.com', events: [] });
    expect(none.status).toBe(400);
    const unknown = await admin.patch('/api/moderation/webhooks/00000000-0000-4000-8000-000000000000', {
      active: false,
    });
    expect(unknown.status).toBe(404);
  });
});
