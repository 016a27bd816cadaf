import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { registerInPage, screenshot, uniqueName } from './browser.js';
import { browserSuite } from './suite.js';

const WAIT = { timeout: 15_000 };

const suite = browserSuite();

/** A page that records every Content Security Policy violation and console error it meets. */
async function watchedPage(): Promise<{ page: Page; problems: string[] }> {
  const context = await suite.newContext({ viewport: { width: 1280, height: 900 } });
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

describe('the site under its Content Security Policy', () => {
  it('runs the article page live (websocket included) with no violation', async () => {
    const { page, problems } = await watchedPage();

    const response = await page.goto(`${suite.server.url}/`);
    await page.getByRole('heading', { level: 1 }).waitFor(WAIT);
    // "N reading now" appears once the socket has joined the article room.
    await page.getByText(/\d+ reading now/).waitFor(WAIT);
    await registerInPage(page, uniqueName('csp'));
    await screenshot(page, 'security-article');

    expect(response?.headers()['content-security-policy']).toMatch(/default-src 'self'/);
    expect(problems).toEqual([]);
  });

  it('shows an anonymous reader the article with no console error (who-am-I answers 200)', async () => {
    const context = await suite.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(`${suite.server.url}/`);
    await page.getByText(/\d+ reading now/).waitFor(WAIT);
    await page.waitForLoadState('networkidle');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('runs the moderation page live with no violation, and it refuses to be framed', async () => {
    const { page, problems } = await watchedPage();

    const response = await page.goto(`${suite.server.url}/moderate`);
    const signIn = page.getByRole('region', { name: 'Sign in with your moderator or admin account' });
    await signIn.getByLabel('Username').fill(suite.server.admin.username);
    await signIn.getByLabel('Password').fill(suite.server.admin.password);
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
