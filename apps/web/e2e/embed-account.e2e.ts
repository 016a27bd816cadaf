import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, uniqueName } from './browser.js';
import { startServer, type TestServer } from './server.js';

// Generous: CI machines and busy laptops are slow; passing runs never wait this long.
const WAIT = { timeout: 30_000 };
const SSO_SECRET = randomBytes(24).toString('hex');

/**
 * A news site's article page with the embed, whose reader is signed in by the site (SSO). The page
 * does not listen for `parley:login-request`: what happens then is part of what is tested.
 */
async function hostSite(parleyOrigin: () => string): Promise<{ origin: string; server: Server }> {
  const server = createServer((request, response) => {
    if (request.url !== '/culture/opera') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Opera · News</title></head>
<body style="font-family: Georgia, serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem">
  <article><h1>A night at the opera</h1><p>The article.</p></article>
  <script src="${parleyOrigin()}/embed.js" defer></script>
  <parley-comments story-id="cms-opera" story-url="https://news.example.org/culture/opera"></parley-comments>
</body>
</html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** What the host's own server does (README, Single sign-on): signs a token for its reader. */
function hostToken(user: { id: string; username: string; name: string }): Promise<string> {
  return new SignJWT({ username: user.username, displayName: user.name })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.id)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(SSO_SECRET));
}

let parley: TestServer;
let parleyOrigin: string;
let site: { origin: string; server: Server };
let browser: Browser;
const contexts: BrowserContext[] = [];

async function openArticle(options: { width?: number; dark?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1000, height: 900 },
    colorScheme: options.dark ? 'dark' : 'light',
    acceptDownloads: true,
  });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${site.origin}/culture/opera`);
  await page
    .locator('parley-comments')
    .getByRole('heading', { name: /comments?$/ })
    .first()
    .waitFor(WAIT);
  return page;
}

beforeAll(async () => {
  site = await hostSite(() => parleyOrigin);
  parley = await startServer({
    env: { PARLEY_ORIGINS: `https://news.example.org,${site.origin}`, PARLEY_SSO_SECRET: SSO_SECRET },
  });
  // Another site than the host page (localhost vs 127.0.0.1), so third-party cookie rules apply.
  parleyOrigin = parley.url.replace('127.0.0.1', 'localhost');
  browser = await launchChromium();
});

afterEach((context) => {
  if (context.task.result?.state === 'fail')
    console.error(`API output (tail):\n${parley?.logs().slice(-4000)}`);
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await parley?.stop();
  site?.server.close();
});

describe("<parley-comments>: the reader's account without leaving the host page", () => {
  it('offers an anonymous reader one Sign in under SSO, and a way on when the host page does not answer', async () => {
    const page = await openArticle();
    const embed = page.locator('parley-comments');

    const signIn = embed.getByRole('button', { name: /sign in|register/i });
    expect(await signIn.allTextContents()).toEqual(['Sign in']);
    await signIn.click();

    // This host page has no listener for parley:login-request: the element says so, visibly.
    const fallback = embed.getByRole('alert').filter({ hasText: 'This site did not open its sign-in.' });
    await fallback.waitFor(WAIT);
    await screenshot(page, 'embed-sso-unanswered');
  });

  it('opens the account panel for an SSO reader, in the element, with the bearer token, and back', async () => {
    const page = await openArticle();
    const embed = page.locator('parley-comments');
    const username = uniqueName('nina');
    await embed.evaluate(
      async (element, token) => (element as HTMLElement & { login(t: string): Promise<void> }).login(token),
      await hostToken({ id: `host-${username}`, username, name: 'Nina Simone' }),
    );
    await embed.getByRole('textbox', { name: 'Comment' }).waitFor(WAIT);

    // Account is a button of the element now, not a link to Parley's own page in a new tab.
    expect(await embed.getByRole('link', { name: 'Account' }).count()).toBe(0);
    await embed.getByRole('button', { name: 'Account' }).click();
    const panel = embed.getByRole('region', { name: 'Your account' });
    await panel.waitFor(WAIT);
    expect(page.url()).toBe(`${site.origin}/culture/opera`);
    expect(await embed.getByRole('textbox', { name: 'Comment' }).isVisible()).toBe(false);

    // Signed in there (the session is the embed's token): the account's own parts, no password.
    const name = panel.getByRole('textbox', { name: 'Display name' });
    expect(await name.inputValue()).toBe('Nina Simone');
    expect(await panel.getByRole('heading', { name: 'Password' }).count()).toBe(0);
    await name.fill('Nina S.');
    await panel.getByRole('button', { name: 'Save name' }).click();
    await panel.getByText('Display name saved.').waitFor(WAIT);
    await panel.getByRole('heading', { name: 'Where you’re signed in' }).waitFor(WAIT);
    const download = page.waitForEvent('download', WAIT);
    await panel.getByRole('button', { name: 'Download my data' }).click();
    const file = await (await download).path();
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
      account: { username, displayName: 'Nina S.' },
    });
    await screenshot(page, 'embed-account-1000');
    await page.setViewportSize({ width: 375, height: 812 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'embed-account-375');
    await embed.evaluate((element) => element.setAttribute('theme', 'dark'));
    await page.evaluate(() => (document.body.style.background = '#0e0f12'));
    await screenshot(page, 'embed-account-375-dark');

    await panel.getByRole('button', { name: 'Back to comments' }).click();
    await embed.getByRole('textbox', { name: 'Comment' }).waitFor(WAIT);
    await embed.getByText('Nina S.').first().waitFor(WAIT);
  });
});
