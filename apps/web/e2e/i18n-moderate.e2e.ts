import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot, uniqueName, waitForGone } from './browser.js';
import { browserSuite } from './suite.js';

// /moderate in the moderator's own language: the browser's Accept-Language picks it, as in the field.
const WAIT = { timeout: 15_000 };
const STORY = 'lavrov-west-balkans-bridgehead';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };

const suite = browserSuite();
const origin = () => ({ origin: suite.server.url });

/** A staff context in a language, signed in through the API so the test does not lean on the sign-in form's words. */
async function staffContext(locale: string, viewport = DESKTOP): Promise<BrowserContext> {
  const context = await suite.newContext({ locale, viewport });
  const response = await context.request.post(`${suite.server.url}/api/auth/login`, {
    data: suite.server.admin,
    headers: origin(),
  });
  expect(response.status()).toBe(200);
  return context;
}

/** A fresh reader posts `body`; with the suspect word in it, it waits in Pending. Returns the reader's name. */
async function holdComment(body: string): Promise<string> {
  const writer = await suite.newContext();
  const username = uniqueName('leser');
  const registered = await writer.request.post(`${suite.server.url}/api/auth/register`, {
    data: { username, password: 'correct horse battery' },
    headers: origin(),
  });
  expect(registered.status()).toBe(201);
  const posted = await writer.request.post(`${suite.server.url}/api/stories/${STORY}/comments`, {
    data: { body, clientId: crypto.randomUUID() },
    headers: origin(),
  });
  expect(posted.status()).toBe(201);
  return username;
}

async function openModeration(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${suite.server.url}/moderate`);
  await page.getByRole('heading', { level: 1 }).waitFor(WAIT);
  return page;
}

beforeAll(async () => {
  const admin = await staffContext('en-US');
  const words = await admin.request.put(`${suite.server.url}/api/moderation/word-lists`, {
    data: { banned: [], suspect: ['bridgehead'] },
    headers: origin(),
  });
  expect(words.status()).toBe(200);
});

describe('/moderate in German', () => {
  it('reads the queue tabs, a card, its approval and the log entry it makes in German', async () => {
    const author = await holdComment('Zurückgehalten: the bridgehead again.');
    const page = await openModeration(await staffContext('de-DE'));
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');

    // The sections and the queue tabs, with their counts.
    const sections = page.getByRole('navigation', { name: 'Bereiche der Moderation' });
    await sections.getByRole('link', { name: 'Warteschlangen' }).waitFor(WAIT);
    await sections.getByRole('link', { name: 'Protokoll' }).waitFor(WAIT);
    const tabs = page.getByRole('tablist', { name: 'Warteschlangen' });
    for (const name of ['Ausstehend', 'Gemeldet', 'Unmoderiert', 'Freigegeben', 'Abgelehnt'])
      await tabs.getByRole('tab', { name: new RegExp(`^${name}`) }).waitFor(WAIT);
    await page.getByRole('button', { name: /^Tastenkürzel/ }).waitFor(WAIT);

    // The held card: why it is here and its decisions, in German.
    const card = page.getByRole('article', { name: `Kommentar von ${author}` });
    await card.waitFor(WAIT);
    await card.getByText('Verdächtiges Wort').waitFor(WAIT);
    const decisions = card.getByRole('group', { name: `Über den Kommentar von ${author} entscheiden` });
    await decisions.getByRole('button', { name: 'Ablehnen' }).waitFor(WAIT);
    await decisions.getByRole('button', { name: 'Hervorheben' }).waitFor(WAIT);
    await card.getByText('Kontoaktionen für').waitFor(WAIT);
    expect(await card.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await screenshot(page, 'i18n-moderate-de-1280');

    // Approved, it shows on the Freigegeben tab with its status in German; the log tells it in German.
    await decisions.getByRole('button', { name: 'Freigeben' }).click();
    await waitForGone(card);
    await page.getByRole('tab', { name: /^Freigegeben/ }).click();
    await card.waitFor(WAIT);
    await card.getByText('Freigegeben', { exact: true }).waitFor(WAIT);

    await sections.getByRole('link', { name: 'Protokoll' }).click();
    await page.getByRole('heading', { name: 'Protokoll', level: 2 }).waitFor(WAIT);
    const entry = page
      .getByRole('list', { name: 'Protokolleinträge, neueste zuerst' })
      .getByRole('listitem')
      .filter({ hasText: 'hat einen Kommentar freigegeben' })
      .filter({ hasText: `@${author}` });
    await entry.first().waitFor(WAIT);
    expect(await entry.first().textContent()).toContain(`@${suite.server.admin.username}`);
    await page.getByRole('combobox', { name: 'Aktion' }).waitFor(WAIT);
    await screenshot(page, 'i18n-moderate-de-log-1280');
  });

  it('fits a phone: the longer German words do not push the page sideways', async () => {
    await holdComment('Zurückgehalten auf dem Telefon: bridgehead.');
    const page = await openModeration(await staffContext('de-DE', PHONE));
    await page.getByRole('article').first().waitFor(WAIT);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'i18n-moderate-de-375');
  });
});

describe('/moderate in Arabic', () => {
  it('mirrors the page and names the queues in Arabic, at 1280 and 375 px', async () => {
    await holdComment('Held for the Arabic desk: bridgehead.');
    for (const viewport of [DESKTOP, PHONE]) {
      const page = await openModeration(await staffContext('ar-EG', viewport));
      expect(
        await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]),
      ).toEqual(['ar', 'rtl']);
      await page
        .getByRole('tablist', { name: 'قوائم الانتظار' })
        .getByRole('tab', { name: /^معلّقة/ })
        .waitFor(WAIT);
      await page.getByRole('article').first().getByRole('button', { name: 'قبول' }).waitFor(WAIT);
      await screenshot(page, `i18n-moderate-ar-${viewport.width}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewport.width,
      );
    }
  });
});
