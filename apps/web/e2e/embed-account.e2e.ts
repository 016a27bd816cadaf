import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, uniqueName } from './browser.js';
import { embedSuite, hostToken, NEWS_ORIGIN } from './host-site.js';

// Generous: CI machines and busy laptops are slow; passing runs never wait this long.
const WAIT = { timeout: 30_000 };
const SSO_SECRET = randomBytes(24).toString('hex');
const ARTICLE_PATH = '/culture/opera';

/**
 * A news site's article page with the embed, whose reader is signed in by the site (SSO). The page
 * does not listen for `parley:login-request`: what happens then is part of what is tested.
 */
function articlePage(parleyOrigin: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Opera · News</title></head>
<body style="font-family: Georgia, serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem">
  <article><h1>A night at the opera</h1><p>The article.</p></article>
  <script src="${parleyOrigin}/embed.js" defer></script>
  <parley-comments story-id="cms-opera" story-url="${NEWS_ORIGIN}${ARTICLE_PATH}"></parley-comments>
</body>
</html>`;
}

const suite = embedSuite({ path: ARTICLE_PATH, article: articlePage, ssoSecret: SSO_SECRET });

async function openArticle(options: { width?: number; dark?: boolean } = {}): Promise<Page> {
  const context = await suite.newContext({
    viewport: { width: options.width ?? 1000, height: 900 },
    colorScheme: options.dark ? 'dark' : 'light',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(`${suite.sites[0]!.origin}${ARTICLE_PATH}`);
  await page
    .locator('parley-comments')
    .getByRole('heading', { name: /comments?$/ })
    .first()
    .waitFor(WAIT);
  return page;
}

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
      await hostToken(SSO_SECRET, { id: `host-${username}`, username, name: 'Nina Simone' }),
    );
    await embed.getByRole('textbox', { name: 'Comment' }).waitFor(WAIT);

    // The account bar stays one row at a phone's width: "Sign out" on one line, beside Account.
    await page.setViewportSize({ width: 375, height: 812 });
    const account = (await embed.getByRole('button', { name: 'Account' }).boundingBox())!;
    const signOut = (await embed.getByRole('button', { name: 'Sign out' }).boundingBox())!;
    expect([signOut.y, signOut.height]).toEqual([account.y, account.height]);
    await screenshot(page, 'embed-bar-375');
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, 'embed-bar-1280');
    await page.setViewportSize({ width: 1000, height: 900 });

    // Account is a button of the element now, not a link to Parley's own page in a new tab.
    expect(await embed.getByRole('link', { name: 'Account' }).count()).toBe(0);
    await embed.getByRole('button', { name: 'Account' }).click();
    const panel = embed.getByRole('region', { name: 'Your account' });
    await panel.waitFor(WAIT);
    expect(page.url()).toBe(`${suite.sites[0]!.origin}${ARTICLE_PATH}`);
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
