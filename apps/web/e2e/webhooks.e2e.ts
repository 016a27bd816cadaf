import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from './browser.js';
import { startServer, type TestServer } from './server.js';

const WAIT = { timeout: 30_000 };
const ARTICLE = 'lavrov-west-balkans-bridgehead';

let parley: TestServer;
let browser: Browser;
let receiver: { url: string; server: Server; received: { headers: IncomingHttpHeaders; body: string }[] };

/** A site that takes Parley's webhooks and remembers them. */
async function startReceiver(): Promise<typeof receiver> {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/parley`, server, received };
}

async function adminPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const login = await context.request.post(`${parley.url}/api/auth/login`, {
    data: parley.admin,
    headers: { origin: parley.url },
  });
  expect(login.status()).toBe(200);
  const page = await context.newPage();
  await page.goto(`${parley.url}/moderate`);
  await page.getByRole('heading', { name: 'Moderation', level: 1 }).waitFor(WAIT);
  return page;
}

beforeAll(async () => {
  receiver = await startReceiver();
  // The receiver listens on 127.0.0.1, which the default address policy refuses.
  parley = await startServer({ env: { PARLEY_WEBHOOK_ALLOW_PRIVATE: 'true' } });
  browser = await launchChromium();
});

afterEach((context) => {
  if (context.task.result?.state === 'fail')
    console.error(`API output (tail):\n${parley?.logs().slice(-4000)}`);
});

afterAll(async () => {
  await browser?.close();
  await parley?.stop();
  receiver?.server.close();
});

describe('The Webhooks tab', () => {
  it('registers an endpoint, shows its secret once, and lists its deliveries', async () => {
    const page = await adminPage();
    await page
      .getByRole('navigation', { name: 'Moderation sections' })
      .getByRole('link', { name: 'Webhooks' })
      .click();
    const tab = page.getByRole('region', { name: 'Webhooks' });
    await tab.getByText('No webhooks yet').waitFor(WAIT);

    // The form stays closed until asked for.
    expect(await tab.getByRole('textbox', { name: 'URL' }).count()).toBe(0);
    await tab.getByRole('button', { name: 'New webhook' }).click();
    await tab.getByRole('textbox', { name: 'URL' }).fill(receiver.url);
    await tab.getByRole('checkbox', { name: 'comment.created' }).check();
    await tab.getByRole('checkbox', { name: 'comment.held' }).check();
    await tab.getByRole('button', { name: 'Add webhook' }).click();

    const secret = tab.getByRole('textbox', { name: 'Webhook secret' });
    await secret.waitFor(WAIT);
    expect(await secret.inputValue()).toMatch(/^[\x21-\x7e]{16,}$/);
    expect(await secret.evaluate((input) => (input as HTMLInputElement).readOnly)).toBe(true);
    await tab.getByText('it is shown only this once').waitFor(WAIT);
    const endpoint = tab.getByRole('listitem', { name: receiver.url });
    await endpoint.getByText('comment.held', { exact: true }).waitFor(WAIT);
    await screenshot(page, 'webhooks-secret-1280');

    await tab.getByRole('button', { name: 'I have saved it' }).click();
    expect(await secret.count()).toBe(0);

    // An event the endpoint listens to: a comment (the admin is a reader too).
    const posted = await page.context().request.post(`${parley.url}/api/stories/${ARTICLE}/comments`, {
      data: { body: 'A comment for the webhook', clientId: crypto.randomUUID() },
      headers: { origin: parley.url },
    });
    expect(posted.status()).toBe(201);
    await expect.poll(() => receiver.received.length, WAIT).toBeGreaterThan(0);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({
      type: expect.stringMatching(/^comment\./),
    });

    await endpoint.getByRole('button', { name: `Recent deliveries to ${receiver.url}` }).click();
    const row = endpoint.getByRole('row').filter({ hasText: /comment\.(created|held)/ });
    await row.waitFor(WAIT);
    expect(await row.getByRole('cell').nth(2).textContent()).toContain('204');
    await screenshot(page, 'webhooks-tab-1280');

    // Pausing it is an edit; deleting it asks first.
    await endpoint.getByRole('button', { name: `Edit the webhook for ${receiver.url}` }).click();
    await endpoint.getByRole('checkbox', { name: 'Active' }).uncheck();
    await endpoint.getByRole('button', { name: 'Save' }).click();
    await endpoint.getByText('Paused').waitFor(WAIT);
    await endpoint.getByRole('button', { name: `Delete the webhook for ${receiver.url}` }).click();
    await endpoint.getByRole('button', { name: 'Delete webhook' }).click();
    await tab.getByText('No webhooks yet').waitFor(WAIT);
  });
});
