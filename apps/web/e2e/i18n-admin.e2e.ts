import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './browser.js';
import { browserSuite } from './suite.js';

// /moderate's admin tabs (Stories, Webhooks, Import) in the admin's own language, from Accept-Language.
const WAIT = { timeout: 30_000 };
const DESKTOP = { width: 1280, height: 900 };
const DISQUS = fileURLToPath(new URL('../../api/test/fixtures/import/disqus.xml', import.meta.url));
const HOOK = 'http://127.0.0.1:9/hooks/parley';

// The webhook points at a closed port on this machine: nothing is delivered after it is made.
const suite = browserSuite({ env: { PARLEY_WEBHOOK_ALLOW_PRIVATE: 'true' } });
const origin = () => ({ origin: suite.server.url });

/** An admin's context in a language, signed in through the API so the test does not lean on the form's words. */
async function adminContext(locale: string): Promise<BrowserContext> {
  const context = await suite.newContext({ locale, viewport: DESKTOP });
  const response = await context.request.post(`${suite.server.url}/api/auth/login`, {
    data: suite.server.admin,
    headers: origin(),
  });
  expect(response.status()).toBe(200);
  return context;
}

async function openTab(context: BrowserContext, view: string, heading: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${suite.server.url}/moderate?view=${view}`);
  await page.getByRole('heading', { name: heading, level: 2 }).waitFor(WAIT);
  return page;
}

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

beforeAll(async () => {
  const admin = await adminContext('en-US');
  const hook = await admin.request.post(`${suite.server.url}/api/moderation/webhooks`, {
    data: { url: HOOK, events: ['comment.created', 'comment.held'], active: true },
    headers: origin(),
  });
  expect(hook.status()).toBe(201);
  const upload = await admin.request.post(
    `${suite.server.url}/api/moderation/imports?format=disqus&fileName=disqus.xml`,
    {
      data: readFileSync(DISQUS),
      headers: { ...origin(), 'content-type': 'application/octet-stream' },
    },
  );
  expect(upload.status()).toBe(201);
  const { id } = (await upload.json()) as { id: string };
  // expect.poll belongs to tests: poll by hand until the import is done.
  const deadline = Date.now() + WAIT.timeout;
  let status = '';
  while (status !== 'done' && Date.now() < deadline) {
    const job = await admin.request.get(`${suite.server.url}/api/moderation/imports/${id}`);
    status = ((await job.json()) as { status: string }).status;
    if (status !== 'done') await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(status).toBe('done');
});

describe('/moderate admin tabs in German', () => {
  it('names stories, webhooks and imports in German, with German plurals and numbers', async () => {
    const context = await adminContext('de-DE');

    const stories = await openTab(context, 'stories', 'Beiträge');
    await stories.getByRole('button', { name: 'Neuer Beitrag' }).waitFor(WAIT);
    const lavrov = stories.getByRole('listitem', { name: /^Lavrov/ });
    await lavrov.getByRole('combobox', { name: /^Vorabprüfung für „Lavrov/ }).waitFor(WAIT);
    await lavrov.getByText(/^\d+ Kommentare?$/).waitFor(WAIT);
    await screenshot(stories, 'i18n-admin-de-stories-1280');

    const webhooks = await openTab(context, 'webhooks', 'Webhooks');
    const endpoint = webhooks.getByRole('listitem', { name: HOOK });
    await endpoint.getByText('Aktiv', { exact: true }).waitFor(WAIT);
    await endpoint.getByRole('button', { name: `Webhook für ${HOOK} bearbeiten` }).waitFor(WAIT);
    await webhooks.getByRole('heading', { name: 'Fehlgeschlagene Zustellungen' }).waitFor(WAIT);
    await screenshot(webhooks, 'i18n-admin-de-webhooks-1280');

    const imports = await openTab(context, 'imports', 'Kommentare importieren');
    const job = imports.getByRole('listitem', { name: 'disqus.xml: Fertig' });
    await job.waitFor(WAIT);
    expect(await job.getByRole('definition').first().textContent()).toMatch(
      /^\d+ erstellt, \d+ bereits importiert$/,
    );
    await job.getByText('Warum Einträge übersprungen wurden').waitFor(WAIT);
    // The importer's reasons are codes in the job, worded here in German.
    await job.getByText(/^gelöscht, ohne Antworten: \d+$/).waitFor(WAIT);
    await screenshot(imports, 'i18n-admin-de-imports-1280');
  });
});

describe('/moderate admin tabs in Arabic', () => {
  it('mirrors Stories, Webhooks and Import, names them in Arabic and keeps them within the page', async () => {
    const context = await adminContext('ar');
    for (const [view, heading] of [
      ['stories', 'المقالات'],
      ['webhooks', 'خطافات الويب'],
      ['imports', 'استيراد التعليقات'],
    ] as const) {
      const page = await openTab(context, view, heading);
      expect(
        await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]),
      ).toEqual(['ar', 'rtl']);
      if (view === 'stories')
        // A title written in English keeps its own direction on the Arabic page.
        expect(
          await page
            .getByRole('link', { name: /^Lavrov/ })
            .first()
            .evaluate((link) => getComputedStyle(link).direction),
        ).toBe('ltr');
      if (view === 'webhooks')
        await page.getByRole('listitem', { name: HOOK }).getByText('نشط').waitFor(WAIT);
      if (view === 'imports') await page.getByRole('listitem', { name: 'disqus.xml: اكتمل' }).waitFor(WAIT);
      expect(await fitsWidth(page)).toBeLessThanOrEqual(DESKTOP.width);
      await screenshot(page, `i18n-admin-ar-${view}-1280`);
    }
  });
});
