import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookDeliveryList } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS, setupTable, startApp, type TestApp } from './support/app.js';
import { createStory, createUser, established, loginAdmin, postComment } from './support/factories.js';
import type { ApiClient } from './support/http.js';
import { PRIVATE_WEBHOOK_URLS } from './support/private-targets.js';
import { waitFor } from './support/wait.js';

/**
 * Issue 19 item 6: with the default policy, webhooks never reach a private address: refused when
 * registered or changed, and again at delivery (a row that got past registration — a name since
 * pointed at loopback — records "address not allowed" and nothing arrives).
 */
describe.each(setupTable())('webhook address policy over %s', (_label, setup) => {
  let testApp: TestApp;
  let admin: ApiClient;

  beforeAll(async () => {
    testApp = await startApp({
      ...setup,
      env: { PARLEY_OUTBOX_POLL_MS: '50', PARLEY_OUTBOX_MAX_ATTEMPTS: '1' },
    });
    admin = await loginAdmin(testApp);
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await testApp?.close();
  });

  it.each(PRIVATE_WEBHOOK_URLS)('refuses to register %s', async (url) => {
    const response = await admin.post('/api/moderation/webhooks', { url, events: ['comment.created'] });

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'webhook/target_not_allowed' });
    expect(await testApp.db.selectFrom('webhooks').select('id').where('url', '=', url).execute()).toEqual([]);
  });

  it('refuses to change a webhook to a private address', async () => {
    const { id } = await testApp.db
      .insertInto('webhooks')
      .values({
        url: 'http://93.184.215.14:9/hook',
        events: ['story.created'],
        secret: 's'.repeat(16),
        active: false,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const response = await admin.patch(`/api/moderation/webhooks/${id}`, {
      url: 'http://[::ffff:127.0.0.1]:9/',
    });

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'webhook/target_not_allowed' });
  });

  it('checks again at delivery: a stored loopback target gets nothing, and admins see only "address not allowed"', async () => {
    let hits = 0;
    const server = createServer((_request, response) => {
      hits++;
      response.writeHead(200).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const { id } = await testApp.db
        .insertInto('webhooks')
        .values({
          url: `http://localhost:${port}/hook`,
          events: ['comment.created'],
          secret: 's'.repeat(16),
          active: true,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await testApp.db.updateTable('webhooks').set({ active: false }).where('id', '!=', id).execute();

      const story = await createStory(testApp.db);
      await postComment((await createUser(testApp, established())).client, story.slug);

      const deliveries = async () =>
        (await admin.get<WebhookDeliveryList>(`/api/moderation/webhooks/${id}/deliveries`)).body.items;
      await waitFor(async () => (await deliveries()).length >= 1, 'the refused attempt');
      expect((await deliveries())[0]).toMatchObject({ statusCode: null, error: 'address not allowed' });
      expect(hits).toBe(0);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
