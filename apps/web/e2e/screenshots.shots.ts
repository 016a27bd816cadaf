import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, it } from 'vitest';
import { launchChromium, registerInPage, uniqueName } from './browser.js';
import { startServer, type TestServer } from './server.js';

/**
 * `pnpm screenshots`: every screen at 1280 and 375 px, light and dark, into `screenshots/` at the
 * repository's root (git ignores it). It starts the built Parley itself, embedded database in a temp
 * dir, with a little content (a reader's comments) and the embed on a host page of its own.
 */
const OUT = fileURLToPath(new URL('../../../screenshots/', import.meta.url));
const WIDTHS = [1280, 375] as const;
const SCHEMES = ['light', 'dark'] as const;
const WAIT = { timeout: 30_000 };
const DISQUS = fileURLToPath(new URL('../../api/test/fixtures/import/disqus.xml', import.meta.url));

// The embedded database, whatever the shell says: the shots never touch a real one.
delete process.env.DATABASE_URL;
delete process.env.REDIS_URL;

let server: TestServer;
let host: Server;
let browser: Browser;
let commentPath = '';
let hostOrigin = '';

/** A host site's article page with the embed under it, in the host's own light or dark colours. */
function hostPage(parley: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Host page · News</title>
<style>
  body { font-family: Georgia, serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem; background: #fbf8f2; color: #222; }
  @media (prefers-color-scheme: dark) { body { background: #101418; color: #e8e8e8; } }
</style></head>
<body>
  <article><h1>Lavrov: West has decided to use Balkans as bridgehead against Russia</h1><p>The host's article.</p></article>
  <script src="${parley}/embed.js" defer></script>
  <parley-comments theme="auto" story-url="https://news.example.org/world/balkans-bridgehead"
    story-title="Lavrov: West has decided to use Balkans as bridgehead against Russia"></parley-comments>
</body></html>`;
}

async function signInAsAdmin(context: BrowserContext): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${server.url}/moderate`);
  const form = page.getByRole('region', { name: 'Sign in with your moderator or admin account' });
  await form.getByLabel('Username').fill(server.admin.username);
  await form.getByLabel('Password').fill(server.admin.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Moderation sections' }).waitFor(WAIT);
  await page.close();
}

/** Opens `path` in each width and scheme and writes `<name>-<width>-<scheme>.png`. */
async function shoot(
  context: BrowserContext,
  name: string,
  url: string,
  ready?: (page: Page) => Promise<void>,
) {
  for (const scheme of SCHEMES) {
    for (const width of WIDTHS) {
      const page = await context.newPage();
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await page.setViewportSize({ width, height: 900 });
      await page.goto(url);
      await page.waitForLoadState('networkidle').catch(() => undefined);
      if (ready) await ready(page);
      // No skeleton left on screen: each shot shows the screen as it settles.
      await page
        .getByTestId('loading-skeleton')
        .first()
        .waitFor({ state: 'detached', timeout: 15_000 })
        .catch(() => undefined);
      await page.screenshot({ path: `${OUT}${name}-${width}-${scheme}.png`, fullPage: true });
      await page.close();
    }
  }
}

/** A Disqus export imported by the admin, so the Import tab shows a job and its report. */
async function importDone(context: BrowserContext): Promise<void> {
  const upload = await context.request.post(
    `${server.url}/api/moderation/imports?format=disqus&fileName=disqus.xml`,
    {
      data: readFileSync(DISQUS),
      headers: { origin: server.url, 'content-type': 'application/octet-stream' },
    },
  );
  if (upload.status() !== 201) throw new Error(`the upload answered ${upload.status()}`);
  const { id } = (await upload.json()) as { id: string };
  // Not a test: poll by hand until the job ends.
  const deadline = Date.now() + WAIT.timeout;
  for (;;) {
    const job = await context.request.get(`${server.url}/api/moderation/imports/${id}`);
    const { status } = (await job.json()) as { status: string };
    if (status === 'done' || status === 'failed') return;
    if (Date.now() > deadline) throw new Error('the import did not end');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Each admin form that can be refused, with a refusal on show beside its field. */
const REFUSED: { name: string; view: string; refuse: (page: Page) => Promise<void> }[] = [
  {
    name: 'moderate-search-refused',
    view: 'search',
    refuse: async (page) => {
      await page.getByLabel('Story (slug or id)').fill('Not a slug!');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
    },
  },
  {
    name: 'moderate-settings-refused',
    view: 'settings',
    refuse: async (page) => {
      await page.getByLabel('Banned words').fill(`spam\n${'x'.repeat(120)}`);
      await page.getByRole('button', { name: 'Save word lists' }).click();
      await page.locator('.field-error').first().waitFor(WAIT);
      await page.getByLabel('Hold in Pending at').fill('1.5');
      await page.getByRole('button', { name: 'Save thresholds' }).click();
      await page.locator('.field-error').nth(1).waitFor(WAIT);
    },
  },
  {
    name: 'moderate-imports-refused',
    view: 'imports',
    refuse: (page) => page.getByRole('button', { name: 'Upload and import' }).click(),
  },
];

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  host = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostPage(server.url));
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostOrigin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  server = await startServer({ env: { PARLEY_ORIGINS: `https://news.example.org,${hostOrigin}` } });
  browser = await launchChromium();

  // Content: a reader's comment and a reply.
  const reader = await browser.newContext();
  const page = await reader.newPage();
  await page.goto(server.url);
  await registerInPage(page, uniqueName('ada'), { displayName: 'Ada Lovelace' });
  const composer = page.getByRole('textbox', { name: 'Comment' });
  await composer.fill('The bridgehead framing says more about Moscow than about Belgrade, I think.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  const first = page.locator('article[id^="comment-"]').first();
  await first.waitFor(WAIT);
  commentPath = `/comments/${(await first.getAttribute('id'))!.replace('comment-', '')}`;
  // A reader may post once every 3 s (the default post interval).
  await page.waitForTimeout(3500);
  await first.getByRole('button', { name: 'Reply' }).click();
  await page
    .getByRole('textbox', { name: 'Reply' })
    .fill('Belgrade has balanced between the two for decades.');
  await page.getByRole('button', { name: 'Post reply' }).click();
  await page.locator('article[id^="comment-"] article[id^="comment-"]').first().waitFor(WAIT);
  await reader.close();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => host?.close(resolve));
});

it('shoots every screen', async () => {
  const anonymous = await browser.newContext();
  await shoot(anonymous, 'article-anonymous', server.url);
  await shoot(anonymous, 'comment-page', `${server.url}${commentPath}`);
  await shoot(anonymous, 'not-found', `${server.url}/no-such-page`);
  await shoot(anonymous, 'embed', `${hostOrigin}/world/balkans-bridgehead`);

  const admin = await browser.newContext();
  await signInAsAdmin(admin);
  await shoot(admin, 'article-signed-in', server.url);
  await shoot(admin, 'account', `${server.url}/account`);
  await importDone(admin);
  for (const view of ['queues', 'stories', 'settings', 'log', 'search', 'notices', 'webhooks', 'imports']) {
    await shoot(
      admin,
      `moderate-${view}`,
      `${server.url}/moderate${view === 'queues' ? '' : `?view=${view}`}`,
      // The import's report, opened.
      view === 'imports'
        ? (page) => page.locator('details.report-details summary').first().click()
        : undefined,
    );
  }
  for (const { name, view, refuse } of REFUSED) {
    await shoot(admin, name, `${server.url}/moderate?view=${view}`, async (page) => {
      await refuse(page);
      await page.locator('.field-error').first().waitFor(WAIT);
    });
  }
  console.log(`screenshots written to ${OUT}`);
}, 600_000);
