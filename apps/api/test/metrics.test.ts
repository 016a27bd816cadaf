import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookCreated } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricsServer } from '../src/metrics/metrics-server.js';
import { Metrics } from '../src/metrics/metrics.js';
import { WEBHOOK_DELIVERY } from '../src/webhooks/webhook-events.repository.js';
import { BOOT_TIMEOUT_MS, setupTable, startApp, type TestApp } from './support/app.js';
import { createStory, loginAdmin, postComment } from './support/factories.js';
import { closeAllSockets, connectSocket, joined, nextEvent } from './support/sockets.js';
import { waitFor } from './support/wait.js';

/** A scrape, as `name{labels}` → value; help and type lines dropped. */
async function scrape(port: number): Promise<Map<string, number>> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    samples.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return samples;
}

describe.each(setupTable())('Prometheus metrics over %s', (_label, setup) => {
  let testApp: TestApp;
  let port: number;
  let receiver: Server;
  let delivered = 0;

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      request.resume().on('end', () => {
        delivered += 1;
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    testApp = await startApp({
      ...setup,
      env: { PARLEY_METRICS_PORT: '0', PARLEY_OUTBOX_POLL_MS: '50', PARLEY_WEBHOOK_ALLOW_PRIVATE: 'true' },
    });
    port = testApp.app.get(MetricsServer).port!;
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    closeAllSockets();
    await testApp?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('serves them on their own port only', async () => {
    expect(port).toBeGreaterThan(0);
    expect(new URL(testApp.baseUrl).port).not.toBe(String(port));
    expect((await fetch(`${testApp.baseUrl}/metrics`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
  });

  it('counts requests, sockets, events, posts and webhook deliveries after real traffic', async () => {
    const admin = await loginAdmin(testApp);
    const story = await createStory(testApp.db);
    const webhook = await admin.post<WebhookCreated>('/api/moderation/webhooks', {
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
      events: ['comment.created'],
    });
    expect(webhook.status).toBe(201);
    const socket = await connectSocket(testApp.baseUrl);
    expect(await joined(socket, story.slug)).toBeGreaterThan(0);
    const live = nextEvent(socket, 'comment:created');
    const first = await postComment(admin, story.slug);
    await postComment(admin, story.slug);
    await live;
    await waitFor(() => delivered >= 2, 'two webhook deliveries');

    // The receiver answered before the worker recorded the outcome: wait for the count.
    let samples = new Map<string, number>();
    await waitFor(async () => {
      samples = await scrape(port);
      return (samples.get(`parley_outbox_runs_total{kind="${WEBHOOK_DELIVERY}",outcome="done"}`) ?? 0) >= 2;
    }, 'two webhook deliveries counted as done');
    const route = 'route="/api/stories/:slug/comments"';
    expect(
      samples.get(`parley_http_request_duration_seconds_count{method="POST",${route},status="201"}`),
    ).toBe(2);
    expect(
      samples.get(
        `parley_http_request_duration_seconds_bucket{le="+Inf",method="POST",${route},status="201"}`,
      ),
    ).toBe(2);
    expect(samples.get('parley_sockets_connected')).toBe(1);
    expect(samples.get('parley_socket_rooms')).toBeGreaterThanOrEqual(1);
    expect(samples.get('parley_socket_events_emitted_total{event="comment:created"}')).toBeGreaterThanOrEqual(
      2,
    );
    expect(samples.get('parley_domain_events_total{event="comment.changed"}')).toBeGreaterThanOrEqual(2);
    expect(samples.get(`parley_comment_posts_total{outcome="${first.status}"}`)).toBe(2);
    expect(samples.get('parley_moderation_queue_size{queue="pending"}')).toBe(0);
    expect(samples.get('parley_outbox_pending_jobs')).toBeGreaterThanOrEqual(0);
    expect(samples.get('parley_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(samples.get('parley_dependency_up{dependency="postgres"}')).toBe(1);
    expect(samples.has('parley_dependency_up{dependency="redis"}')).toBe(setup.redis);
    // 5: startApp's DATABASE_POOL_SIZE; the embedded engine has no pool.
    expect(samples.get('parley_db_pool_max_connections')).toBe(setup.engine === 'postgres' ? 5 : 0);
    expect(samples.get('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(samples.get('process_resident_memory_bytes')).toBeGreaterThan(0);
    // The Grafana dashboard charts only metrics that exist.
    const dashboard = readFileSync(
      new URL('../../../deploy/grafana/parley-dashboard.json', import.meta.url),
      'utf8',
    );
    const registry = testApp.app.get(Metrics).registry;
    for (const name of new Set(dashboard.match(/\b(parley|nodejs|process)_[a-z0-9_]+/g)))
      expect(registry.getSingleMetric(name.replace(/_(bucket|count|sum)$/, '')), name).toBeDefined();
    // A made-up path is one label, whatever it was.
    await fetch(`${testApp.baseUrl}/api/no-such-${Date.now()}`);
    const after = await scrape(port);
    const unmatched = [...after.keys()].filter((key) => key.includes('route="unmatched"'));
    expect(unmatched.length).toBeGreaterThan(0);
    expect([...after.keys()].some((key) => key.includes('/api/no-such-'))).toBe(false);
  });
});
