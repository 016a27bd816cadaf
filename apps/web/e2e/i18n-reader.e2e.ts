import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, uniqueName } from './browser.js';
import { startServer, type TestServer } from './server.js';

/**
 * The reader's screens in other languages: Russian plurals (1, 2, 5, 21 comments) in the embed
 * (`lang="ru"` on a host page) and on the full site (a browser asking for ru-RU), and axe over the
 * Arabic and Russian article pages.
 */
const WAIT = { timeout: 30_000 };
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const STORY = {
  id: 'cms-i18n',
  url: 'https://news.example.org/world/i18n-plurals',
  title: 'Parliament votes on the new bridge',
};
/** A second story, with one comment, for the full site. */
const SINGLE = { id: 'cms-i18n-one', url: 'https://news.example.org/world/i18n-one', title: 'Rain tomorrow' };

let parley: TestServer;
let host: { origin: string; server: Server };
let browser: Browser;
let slug: string;
let singleSlug: string;
const contexts: BrowserContext[] = [];

/** A news site's article page with the embed in the language `?lang=` names. */
async function hostSite(): Promise<{ origin: string; server: Server }> {
  const server = createServer((request, response) => {
    const lang = new URL(request.url ?? '/', 'http://host').searchParams.get('lang') ?? 'en';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${STORY.title}</title></head>
<body>
  <main><h1>${STORY.title}</h1><p>The article.</p>
  <script src="${parley.url}/embed.js" defer></script>
  <parley-comments lang="${lang}" story-id="${STORY.id}" story-url="${STORY.url}" story-title="${STORY.title}"></parley-comments>
  </main>
</body>
</html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function newContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  contexts.push(context);
  return context;
}

/** `count` comments on a story, each by a new reader (one author may not post twice in a row so fast). */
async function postComments(count: number, story = slug): Promise<void> {
  const api = await newContext();
  const headers = { origin: parley.url };
  for (let index = 0; index < count; index += 1) {
    await api.clearCookies();
    const account = { username: uniqueName('reader'), password: 'correct horse battery' };
    expect(
      (await api.request.post(`${parley.url}/api/auth/register`, { data: account, headers })).status(),
    ).toBe(201);
    const posted = await api.request.post(`${parley.url}/api/stories/${story}/comments`, {
      data: { body: `Comment number ${index + 1} by ${account.username}`, clientId: crypto.randomUUID() },
      headers,
    });
    expect(posted.status()).toBe(201);
  }
  await api.close();
}

/** The violations axe finds on the page as it is now (WCAG 2.x A/AA), in words a failing test can print. */
async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(...args: unknown[]): Promise<{ violations: unknown }> } })
      .axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations;
  });
  return (found as { id: string; help: string; nodes: { target: string[] }[] }[]).map(
    (violation) =>
      `${violation.id} (${violation.help}): ${violation.nodes
        .slice(0, 5)
        .map((node) => node.target.join(' '))
        .join(' | ')}`,
  );
}

/** Full-page screenshots at a phone's width and a laptop's. */
async function screenshots(page: Page, name: string): Promise<void> {
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

beforeAll(async () => {
  host = await hostSite();
  parley = await startServer({ env: { PARLEY_ORIGINS: `https://news.example.org,${host.origin}` } });
  browser = await launchChromium();
  slug = await resolveStory(STORY);
  singleSlug = await resolveStory(SINGLE);
  await postComments(1, singleSlug);
});

/** The story's slug, made on first view as the embed makes it. */
async function resolveStory(story: typeof STORY): Promise<string> {
  const api = await newContext();
  const resolved = await api.request.post(`${parley.url}/api/stories/resolve`, {
    data: { url: story.url, id: story.id, title: story.title },
    headers: { origin: host.origin },
  });
  expect(resolved.ok()).toBe(true);
  return ((await resolved.json()) as { story: { slug: string } }).story.slug;
}

afterEach((context) => {
  if (context.task.result?.state === 'fail')
    console.error(`API output (tail):\n${parley?.logs().slice(-4000)}`);
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await parley?.stop();
  host?.server.close();
});

describe('the reader in Russian and Arabic', () => {
  it('counts comments with Russian plural forms in the embed (lang="ru"): 1, 2, 5 and 21, and new ones live', async () => {
    const page = await (await newContext()).newPage();
    await page.goto(`${host.origin}/?lang=ru`);
    const embed = page.locator('parley-comments');
    await embed.getByRole('heading', { name: '0 комментариев' }).waitFor(WAIT);

    // Live: comments posted while the reader reads wait behind the button, counted in Russian.
    await postComments(1);
    await embed.getByRole('button', { name: 'Показать 1 новый комментарий' }).waitFor(WAIT);
    await postComments(1);
    await embed.getByRole('button', { name: 'Показать 2 новых комментария' }).waitFor(WAIT);

    for (const [more, heading] of [
      [0, '2 комментария'],
      [3, '5 комментариев'],
      [16, '21 комментарий'],
    ] as const) {
      await postComments(more);
      await page.reload();
      await embed.getByRole('heading', { name: heading, exact: true }).waitFor(WAIT);
    }
    expect(await embed.locator('.parley').getAttribute('lang')).toBe('ru');
    await screenshots(page, 'i18n-embed-ru');

    const arabic = await (await newContext()).newPage();
    await arabic.goto(`${host.origin}/?lang=ar`);
    const arabicEmbed = arabic.locator('parley-comments');
    await arabicEmbed.getByRole('heading', { name: '21 تعليقًا' }).waitFor(WAIT);
    expect(await arabicEmbed.locator('.parley').getAttribute('dir')).toBe('rtl');
    await screenshots(arabic, 'i18n-embed-ar');
  });

  it('shows the full site in the language the browser asks for, with one comment in the singular', async () => {
    const page = await (await newContext({ locale: 'ru-RU' })).newPage();
    await page.goto(`${parley.url}/stories/${singleSlug}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    await page.getByRole('heading', { name: '1 комментарий', exact: true }).waitFor(WAIT);
    await page.getByRole('combobox', { name: 'Сортировка' }).waitFor(WAIT);
  });

  for (const [locale, heading] of [
    ['ru-RU', '1 комментарий'],
    ['ar', 'تعليق واحد'],
  ] as const) {
    it(`has no WCAG A/AA violations on the article page in ${locale}`, async () => {
      // axe is injected as a script: the app's CSP (script-src 'self') would refuse it.
      const page = await (await newContext({ locale, bypassCSP: true })).newPage();
      await page.goto(`${parley.url}/stories/${singleSlug}`);
      await page.getByRole('heading', { name: heading, exact: true }).waitFor(WAIT);
      await page
        .getByText(/Comment number 1 by/)
        .first()
        .waitFor(WAIT);
      expect(await violations(page)).toEqual([]);
      await screenshots(page, `i18n-article-${locale}`);
    });
  }
});
