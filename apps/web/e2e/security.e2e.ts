import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, registerInPage, screenshot, uniqueName } from './browser.js';
import { startServer, type TestServer } from './server.js';

const WAIT = { timeout: 15_000 };

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

/** A page that records every Content Security Policy violation and console error it meets. */
async function watchedPage(): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  await page.exposeFunction('reportViolation', (text: string) => problems.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportViolation: (text: string) => void }).reportViolation;
      report(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  return { page, problems };
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('the site under its Content Security Policy', () => {
  it('runs the article page live (websocket included) with no violation', async () => {
    const { page, problems } = await watchedPage();

    const response = await page.goto(`${server.url}/`);
    await page.getByRole('heading', { level: 1 }).waitFor(WAIT);
    // "N reading now" appears once the socket has joined the article room.
    await page.getByText(/\d+ reading now/).waitFor(WAIT);
    await registerInPage(page, uniqueName('csp'));
    await screenshot(page, 'security-article');

    expect(response?.headers()['content-security-policy']).toMatch(/default-src 'self'/);
    expect(problems).toEqual([]);
  });

  it('runs the moderation page live with no violation, and it refuses to be framed', async () => {
    const { page, problems } = await watchedPage();

    const response = await page.goto(`${server.url}/moderate`);
    const signIn = page.getByRole('region', { name: 'Sign in to join the discussion' });
    await signIn.getByLabel('Username').fill(server.admin.username);
    await signIn.getByLabel('Password').fill(server.admin.password);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Moderation', level: 1 }).waitFor(WAIT);
    await page
      .getByRole('status')
      .filter({ hasText: /^Live$/ })
      .waitFor(WAIT);
    await screenshot(page, 'security-moderate');

    expect(response?.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(problems).toEqual([]);
  });
});
