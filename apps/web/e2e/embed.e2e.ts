import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, uniqueName } from './browser.js';
import { embedSuite, hostToken } from './host-site.js';

// Generous: CI machines and busy laptops are slow; passing runs never wait this long.
const WAIT = { timeout: 30_000 };
const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
const SSO_SECRET = randomBytes(24).toString('hex');
const ARTICLE_PATH = '/world/balkans-bridgehead';

/** The README's embed snippet, exactly as written there, pointing at this test's Parley. */
function readmeSnippet(parleyOrigin: string): string {
  const readme = readFileSync(README, 'utf8');
  const snippet = /<!-- embed-snippet[^>]*-->\s*(?:<!-- prettier-ignore -->\s*)?```html\n([\s\S]*?)```/.exec(
    readme,
  )?.[1];
  if (!snippet) throw new Error('README.md has no embed snippet (<!-- embed-snippet --> before ```html)');
  return snippet.replaceAll('https://comments.example.org', parleyOrigin);
}

/** A news site's article page, with the snippet under the article. */
function articlePage(body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Bridgehead · News</title>
  <style>
    body { font-family: Georgia, serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem; }
    /* A host's sloppy global CSS: the shadow root must keep it out. */
    button { background: hotpink !important; }
  </style>
</head>
<body>
  <article><h1>Lavrov: West has decided to use Balkans as bridgehead against Russia</h1><p>The article.</p></article>
  ${body}
</body>
</html>`;
}

const suite = embedSuite({
  path: ARTICLE_PATH,
  article: (parleyOrigin) => articlePage(readmeSnippet(parleyOrigin)),
  ssoSecret: SSO_SECRET,
  // The second one is not among PARLEY_ORIGINS.
  count: 2,
});
const allowed = () => suite.sites[0]!;
const refused = () => suite.sites[1]!;

/** Opens the host's article page; the embed's events are recorded on `window.parleyEvents`. */
async function openHostPage(origin: string): Promise<Page> {
  const context = await suite.newContext({ viewport: { width: 1000, height: 900 } });
  await context.addInitScript(() => {
    const events: { type: string; composed: boolean; detail: unknown }[] = [];
    (window as unknown as { parleyEvents: typeof events }).parleyEvents = events;
    for (const type of ['parley:ready', 'parley:login-request', 'parley:comment-posted']) {
      document.addEventListener(type, (event) =>
        events.push({ type, composed: event.composed, detail: (event as CustomEvent).detail }),
      );
    }
  });
  const page = await context.newPage();
  await page.goto(`${origin}${ARTICLE_PATH}`);
  return page;
}

function events(page: Page, type: string): Promise<{ type: string; composed: boolean; detail: unknown }[]> {
  return page.evaluate(
    (wanted) =>
      (
        window as unknown as { parleyEvents: { type: string; composed: boolean; detail: unknown }[] }
      ).parleyEvents.filter((event) => event.type === wanted),
    type,
  );
}

async function waitForEvent(page: Page, type: string): Promise<void> {
  await page.waitForFunction(
    (wanted) =>
      (window as unknown as { parleyEvents: { type: string }[] }).parleyEvents.some(
        (event) => event.type === wanted,
      ),
    type,
    WAIT,
  );
}

describe('<parley-comments> on a host page of another site', () => {
  it('renders the thread in its shadow root, signs the reader in by SSO, and shows the post live to another reader', async () => {
    const reader = await openHostPage(allowed().origin);
    const embed = reader.locator('parley-comments');
    await embed.getByRole('heading', { name: '0 comments' }).waitFor(WAIT);
    await waitForEvent(reader, 'parley:ready');

    // Inside an open shadow root, untouched by the host's CSS.
    expect(await embed.evaluate((element) => element.shadowRoot?.mode)).toBe('open');
    expect(await reader.evaluate(() => document.querySelector('h2'))).toBeNull();
    const signIn = embed.getByRole('button', { name: 'Sign in', exact: true });
    expect(await signIn.evaluate((button) => getComputedStyle(button).backgroundColor)).not.toBe(
      'rgb(255, 105, 180)',
    );
    expect((await events(reader, 'parley:ready'))[0]).toMatchObject({
      composed: true,
      detail: { story: { externalId: 'cms-4711', url: 'https://news.example.org/world/balkans-bridgehead' } },
    });

    // SSO is set up: Sign in asks the host page, which signs its reader in.
    await signIn.click();
    await waitForEvent(reader, 'parley:login-request');
    const username = uniqueName('ada');
    const token = await hostToken(SSO_SECRET, { id: `host-${username}`, username, name: 'Ada Lovelace' });
    await embed.evaluate(
      (element, value) => (element as HTMLElement & { login(t: string): Promise<void> }).login(value),
      token,
    );
    await embed.getByRole('textbox', { name: 'Comment' }).waitFor(WAIT);
    await embed.getByText('Ada Lovelace').first().waitFor(WAIT);
    expect(await reader.evaluate(() => localStorage.getItem('parley:session'))).toMatch(/\S{20,}/);

    // A second reader on the host page, live.
    const viewer = await openHostPage(allowed().origin);
    const viewerEmbed = viewer.locator('parley-comments');
    await viewerEmbed.getByText(/\d+ reading now/).waitFor(WAIT);
    await embed.getByText(/\d+ reading now/).waitFor(WAIT);

    const text = `Posted through the embed by ${username}`;
    await embed.getByRole('textbox', { name: 'Comment' }).fill(text);
    await embed.getByRole('button', { name: 'Post comment' }).click();
    await embed.getByText(text).waitFor(WAIT);
    await waitForEvent(reader, 'parley:comment-posted');

    await viewerEmbed.getByRole('button', { name: 'Show 1 new comment' }).click(WAIT);
    await viewerEmbed.getByText(text).waitFor(WAIT);

    // The permalink points at the host page with the comment's hash, and opening it scrolls there.
    const permalink = await embed
      .getByRole('link', { name: /Link to this comment/ })
      .first()
      .getAttribute('href');
    expect(permalink).toMatch(
      new RegExp(`^${allowed().origin}/world/balkans-bridgehead#parley-comment-[0-9a-f-]{36}$`),
    );

    await screenshot(reader, 'embed-light');
    await viewerEmbed.evaluate((element) => element.setAttribute('theme', 'dark'));
    await viewer.evaluate(() => (document.body.style.background = '#0e0f12'));
    await screenshot(viewer, 'embed-dark');

    // Signing out forgets the token and ends the session.
    await embed.evaluate((element) => (element as HTMLElement & { logout(): Promise<void> }).logout());
    await signIn.waitFor(WAIT);
    expect(await reader.evaluate(() => localStorage.getItem('parley:session'))).toBeNull();

    const linked = await openHostPage(allowed().origin);
    await linked.goto(permalink!);
    const target = linked
      .locator('parley-comments')
      .getByRole('article', { name: 'Comment by Ada Lovelace' });
    await target.waitFor(WAIT);
    expect(await target.evaluate((element) => element.matches(':focus'))).toBe(true);
  });

  it("links the bell's entries on this story to the host page, and Parley's own pages to Parley's origin", async () => {
    /** A reader of the host page, signed in by the host (SSO). */
    async function reader(name: string): Promise<Page> {
      const page = await openHostPage(allowed().origin);
      await waitForEvent(page, 'parley:ready');
      const username = uniqueName(name.toLowerCase());
      const token = await hostToken(SSO_SECRET, {
        id: `host-${username}`,
        username,
        name: `${name} ${username.slice(-4)}`,
      });
      await page
        .locator('parley-comments')
        .evaluate(
          (element, value) => (element as HTMLElement & { login(t: string): Promise<void> }).login(value),
          token,
        );
      await page.locator('parley-comments').getByRole('textbox', { name: 'Comment' }).waitFor(WAIT);
      return page;
    }

    const grace = await reader('Grace');
    const graceEmbed = grace.locator('parley-comments');
    const graceName = (await graceEmbed.locator('.session-menu .who strong').textContent())!;
    const original = `Asking the embed a question, ${graceName}`;
    await graceEmbed.getByRole('textbox', { name: 'Comment' }).fill(original);
    await graceEmbed.getByRole('button', { name: 'Post comment' }).click();
    await graceEmbed.getByText(original).waitFor(WAIT);

    const alan = await reader('Alan');
    const alanEmbed = alan.locator('parley-comments');
    const graceOnAlan = alanEmbed.getByRole('article', { name: `Comment by ${graceName}` });
    await graceOnAlan.getByRole('button', { name: 'Reply' }).first().click(WAIT);
    await graceOnAlan.getByRole('textbox', { name: 'Reply' }).fill('An answer inside the embed');
    await graceOnAlan.getByRole('button', { name: /Post reply/ }).click();

    const bell = graceEmbed.getByRole('button', { name: 'Notifications, 1 unread' });
    await bell.click(WAIT);
    const entry = graceEmbed.getByRole('link', { name: /replied to your comment/ });
    await entry.waitFor(WAIT);
    const href = await entry.getAttribute('href');
    expect(href).toMatch(
      new RegExp(`^${allowed().origin}/world/balkans-bridgehead#parley-comment-[0-9a-f-]{36}$`),
    );
    expect(await entry.getAttribute('target')).toBeNull();
    // The account opens inside the element (embed-account.e2e.ts), not on Parley's page in a new tab.
    expect(await graceEmbed.getByRole('link', { name: 'Account' }).count()).toBe(0);
    await graceEmbed.getByRole('button', { name: 'Account' }).waitFor(WAIT);
    await screenshot(grace, 'embed-bell');
    // On a phone the panel stays on the screen.
    await grace.setViewportSize({ width: 375, height: 812 });
    const panel = graceEmbed.getByRole('region', { name: 'Notifications' });
    const box = (await panel.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    await screenshot(grace, 'embed-bell-375');
    await grace.setViewportSize({ width: 1000, height: 900 });

    await entry.click();
    await grace.waitForURL(href!, WAIT);
    await graceEmbed.getByRole('button', { name: 'Notifications, none unread' }).waitFor(WAIT);
  });

  it('tells a host page on an origin not in PARLEY_ORIGINS, clearly, that it may not show comments', async () => {
    const page = await openHostPage(refused().origin);
    const alert = page.locator('parley-comments').getByRole('alert');

    await alert.waitFor(WAIT);

    expect(await alert.textContent()).toContain(
      `this site (${refused().origin}) is not allowed to use the Parley server at ${suite.parleyOrigin}`,
    );
    await screenshot(page, 'embed-refused');
  });
});
