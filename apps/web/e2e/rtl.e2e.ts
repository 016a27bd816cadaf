import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerInPage, screenshot, uniqueName } from './browser.js';
import { browserSuite } from './suite.js';

/**
 * Right-to-left layout: with dir="rtl" on the page (or the embed in Arabic) the thread's indent,
 * the composer, the menus, the drawer and the embed mirror. Each check measures the same screen in
 * left-to-right first, so it proves a mirror, not just a position.
 */
const WAIT = { timeout: 30_000 };
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
const ARTICLE = 'lavrov-west-balkans-bridgehead';
const EMBED_STORY_URL = 'https://news.example.org/world/rtl-layout';

/** The host site that puts the embed on its page; listening before the suite's server starts. */
const host: Server = createServer((incoming, response) => {
  const where = new URL(incoming.url ?? '/', 'http://host').searchParams.get('arabic');
  response
    .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    .end(hostPage(suite.server.url, where));
});
await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
const hostOrigin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
const suite = browserSuite({ env: { PARLEY_ORIGINS: `https://news.example.org,${hostOrigin}` } });

/**
 * A host site's page with the embed in Arabic: the whole page Arabic and right to left, or an
 * English page with `lang="ar"` on the element only. The embed takes its language, and so its
 * direction, from there.
 */
function hostPage(parley: string, where: string | null): string {
  return `<!doctype html>
<html lang="${where === 'page' ? 'ar' : 'en'}"${where === 'page' ? ' dir="rtl"' : ''}>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Host</title></head>
<body>
  <script src="${parley}/embed.js" defer></script>
  <parley-comments story-url="${EMBED_STORY_URL}" story-title="RTL layout"${where === 'element' ? ' lang="ar"' : ''}></parley-comments>
</body></html>`;
}

interface Posted {
  id: string;
}
let articleRoot: Posted;
let articleReply: Posted;
let embedRoot: Posted;
let embedReply: Posted;

/** Registers a new reader through the API and posts one comment on `slug` as them. */
async function postAs(slug: string, body: string, parentId?: string): Promise<Posted> {
  const api = await request.newContext({
    baseURL: suite.server.url,
    extraHTTPHeaders: { origin: suite.server.url },
  });
  try {
    const registered = await api.post('/api/auth/register', {
      data: { username: uniqueName('rtl'), password: 'correct horse battery' },
    });
    if (registered.status() !== 201) throw new Error(`Register answered ${registered.status()}`);
    const response = await api.post(`/api/stories/${slug}/comments`, {
      data: { body, parentId, clientId: crypto.randomUUID() },
    });
    if (response.status() !== 201)
      throw new Error(`Posting answered ${response.status()}: ${await response.text()}`);
    return ((await response.json()) as { comment: Posted }).comment;
  } finally {
    await api.dispose();
  }
}

/** The embed's story, resolved as the embed on the host page would. */
async function embedStorySlug(): Promise<string> {
  const api = await request.newContext({
    baseURL: suite.server.url,
    extraHTTPHeaders: { origin: hostOrigin },
  });
  try {
    const response = await api.post('/api/stories/resolve', {
      data: { url: EMBED_STORY_URL, title: 'RTL layout' },
    });
    if (response.status() !== 200 && response.status() !== 201)
      throw new Error(`Resolving the embed's story answered ${response.status()}: ${await response.text()}`);
    return ((await response.json()) as { story: { slug: string } }).story.slug;
  } finally {
    await api.dispose();
  }
}

beforeAll(async () => {
  articleRoot = await postAs(ARTICLE, 'A first comment, in English, on a right-to-left page.');
  articleReply = await postAs(ARTICLE, 'ردّ على التعليق الأول', articleRoot.id);
  const slug = await embedStorySlug();
  embedRoot = await postAs(slug, 'A comment inside the embed.');
  embedReply = await postAs(slug, 'A reply inside the embed.', embedRoot.id);
});

afterAll(async () => {
  await new Promise((resolve) => host?.close(resolve));
});

async function openPage(viewport: { width: number; height: number }, path: string): Promise<Page> {
  const context = await suite.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${suite.server.url}${path}`);
  return page;
}

/** What the page does for an Arabic reader (<html dir>); forced here, so one page is measured both ways. */
async function setDirection(page: Page, dir: 'ltr' | 'rtl'): Promise<void> {
  await page.evaluate((value) => document.documentElement.setAttribute('dir', value), dir);
}

async function box(locator: Locator): Promise<{ left: number; right: number; width: number }> {
  const measured = await locator.boundingBox();
  if (!measured) throw new Error(`${locator.toString()} has no box`);
  return { left: measured.x, right: measured.x + measured.width, width: measured.width };
}

/** How far `inner` sits inside `outer` from each side. */
async function insets(outer: Locator, inner: Locator): Promise<{ left: number; right: number }> {
  const [o, i] = [await box(outer), await box(inner)];
  return { left: i.left - o.left, right: o.right - i.right };
}

/** The direction a comment's text reads in (its paragraphs have dir="auto": the text decides). */
function bodyDirection(comment: Locator): Promise<string> {
  return comment
    .locator('.comment-body p')
    .first()
    .evaluate((p) => getComputedStyle(p).direction);
}

/** Nothing sticks out sideways (a page that scrolls sideways in RTL has a physical offset left). */
async function noSidewaysScroll(page: Page): Promise<void> {
  const [scroll, client] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(scroll).toBeLessThanOrEqual(client);
}

describe('right-to-left layout', () => {
  it.each([
    ['1280', DESKTOP],
    ['375', PHONE],
  ])('mirrors the thread’s indent and the composer on the article page at %s px', async (width, viewport) => {
    const page = await openPage(viewport, `/articles/${ARTICLE}`);
    const parent = page.locator(`#comment-${articleRoot.id}`);
    const reply = page.locator(`#comment-${articleReply.id}`);
    await reply.waitFor(WAIT);
    await registerInPage(page, uniqueName('reader'));
    const textarea = page.getByRole('textbox', { name: 'Comment' });
    const submit = page.getByRole('button', { name: 'Post comment' });

    const ltrIndent = await insets(parent, reply);
    const ltrSubmit = await insets(textarea, submit);
    expect(ltrIndent.left).toBeGreaterThan(8);
    expect(ltrSubmit.right).toBeLessThan(1);

    await setDirection(page, 'rtl');
    // The reply is inset from its parent's right edge by what it was inset from the left.
    const rtlIndent = await insets(parent, reply);
    expect(Math.abs(rtlIndent.right - ltrIndent.left)).toBeLessThan(1);
    expect(Math.abs(rtlIndent.left - ltrIndent.right)).toBeLessThan(1);
    // The submit button sits at the inline end: under the textarea's left edge.
    const rtlSubmit = await insets(textarea, submit);
    expect(rtlSubmit.left).toBeLessThan(1);
    expect(rtlSubmit.right).toBeGreaterThan(ltrSubmit.left - 1);
    // The Arabic reply reads right to left by itself (dir="auto"), the English comment left to right.
    expect(await bodyDirection(reply)).toBe('rtl');
    await setDirection(page, 'ltr');
    expect(await bodyDirection(reply)).toBe('rtl');
    await setDirection(page, 'rtl');
    expect(await bodyDirection(parent)).toBe('ltr');

    await noSidewaysScroll(page);
    await screenshot(page, `rtl-article-${width}`);
  });

  it.each([
    ['1280', DESKTOP],
    ['375', PHONE],
  ])(
    'mirrors the moderation queue, the account menu and the person drawer at %s px',
    async (width, viewport) => {
      const page = await openPage(viewport, '/moderate');
      const signIn = page.getByRole('region', { name: 'Sign in with your moderator or admin account' });
      await signIn.getByLabel('Username').fill(suite.server.admin.username);
      await signIn.getByLabel('Password').fill(suite.server.admin.password);
      await signIn.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('tab', { name: /^Unmoderated\b/ }).click();
      const card = page.locator('article').filter({ hasText: 'ردّ على التعليق الأول' }).first();
      await card.waitFor(WAIT);
      const parentQuote = card.locator('.parent blockquote');

      await setDirection(page, 'rtl');
      // The quoted parent's rule stands at the inline start: the right.
      await card.locator('.parent summary').click();
      await parentQuote.waitFor(WAIT);
      const quoteBorders = await parentQuote.evaluate((quote) => [
        getComputedStyle(quote).borderRightWidth,
        getComputedStyle(quote).borderLeftWidth,
      ]);
      expect(quoteBorders).toEqual(['3px', '0px']);
      await noSidewaysScroll(page);
      await screenshot(page, `rtl-moderate-${width}`);

      // The account menu hangs from its button's inline-end edge (now the left) and stays on screen.
      const menuButton = page.getByRole('button', { name: /Account menu/ });
      const menu = page.getByRole('menu');
      const menuInsets = async () => {
        await menuButton.click();
        await menu.waitFor(WAIT);
        const [button, opened] = [await box(menuButton), await box(menu)];
        expect(opened.left).toBeGreaterThanOrEqual(0);
        expect(opened.right).toBeLessThanOrEqual(viewport.width);
        return { left: opened.left - button.left, right: button.right - opened.right };
      };
      await setDirection(page, 'ltr');
      const ltrMenu = await menuInsets();
      await page.keyboard.press('Escape');
      await setDirection(page, 'rtl');
      const rtlMenu = await menuInsets();
      expect(Math.abs(rtlMenu.left - ltrMenu.right)).toBeLessThan(1);
      await screenshot(page, `rtl-moderate-menu-${width}`);
      await page.keyboard.press('Escape');

      // The person drawer slides in at the inline end: the left edge of the window.
      await card.getByTitle(/^About /).click();
      const drawer = page.getByRole('dialog');
      await drawer.getByRole('heading', { level: 2 }).waitFor(WAIT);
      const shown = await box(drawer);
      expect(shown.left).toBeLessThan(1);
      if (viewport.width > shown.width + 100) expect(shown.right).toBeLessThan(viewport.width - 100);
      await screenshot(page, `rtl-moderate-drawer-${width}`);
    },
  );

  it.each([
    ['the host page', 'page', DESKTOP],
    ['its own element', 'element', PHONE],
  ])('mirrors the embed when %s is in Arabic', async (_where, where, viewport) => {
    const context = await suite.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${hostOrigin}/article?arabic=${where}`);
    const embed = page.locator('parley-comments');
    const parent = embed.locator(`#comment-${embedRoot.id}`);
    const reply = embed.locator(`#comment-${embedReply.id}`);
    await reply.waitFor(WAIT);

    const root = embed.locator('.parley');
    expect(await root.getAttribute('dir')).toBe('rtl');
    expect(await root.evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');
    const indent = await insets(parent, reply);
    expect(indent.right).toBeGreaterThan(8);
    expect(indent.left).toBeLessThan(1);
    // The English comments still read left to right inside the Arabic embed (dir="auto").
    expect(await bodyDirection(reply)).toBe('ltr');
    await noSidewaysScroll(page);
    await screenshot(page, `rtl-embed-${where}-${viewport.width}`);
  });
});
