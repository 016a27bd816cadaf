import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, uniqueName } from './browser.js';
import { browserSuite } from './suite.js';

// The Notices tab (EU Digital Services Act) and the person drawer in the moderator's own language,
// picked by the browser's Accept-Language as in the field.
const WAIT = { timeout: 15_000 };
const STORY = 'lavrov-west-balkans-bridgehead';
const DESKTOP = { width: 1280, height: 900 };

const suite = browserSuite();
const origin = () => ({ origin: suite.server.url });

/** What the screen shows (the drawer is fixed to the viewport: a full-page capture would cut it off). */
async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage });
}

async function staffContext(locale: string): Promise<BrowserContext> {
  const context = await suite.newContext({ locale, viewport: DESKTOP });
  const response = await context.request.post(`${suite.server.url}/api/auth/login`, {
    data: suite.server.admin,
    headers: origin(),
  });
  expect(response.status()).toBe(200);
  return context;
}

let writer: string;
let text: string;

beforeAll(async () => {
  // A reader's published comment, noticed as defamation by a visitor; one notice is taken under review.
  writer = uniqueName('writer');
  const context = await suite.newContext();
  const registered = await context.request.post(`${suite.server.url}/api/auth/register`, {
    data: { username: writer, password: 'correct horse battery' },
    headers: origin(),
  });
  expect(registered.status()).toBe(201);
  text = `The mayor of Bridgetown takes bribes, says ${writer}`;
  const posted = await context.request.post(`${suite.server.url}/api/stories/${STORY}/comments`, {
    data: { body: text, clientId: crypto.randomUUID() },
    headers: origin(),
  });
  expect(posted.status()).toBe(201);
  const commentId = ((await posted.json()) as { comment: { id: string } }).comment.id;
  const admin = await staffContext('en-US');
  for (const name of ['Ana Petrović', 'نور']) {
    const filed = await admin.request.post(`${suite.server.url}/api/dsa/notices`, {
      data: {
        commentId,
        category: 'defamation',
        explanation: 'It accuses the mayor of a crime by name, with no basis.',
        name,
        email: 'ana@example.org',
        goodFaith: true,
      },
      headers: origin(),
    });
    expect(filed.status()).toBe(201);
    if (name === 'نور') {
      const id = ((await filed.json()) as { id: string }).id;
      const reviewed = await admin.request.post(
        `${suite.server.url}/api/moderation/dsa/notices/${id}/review`,
        {
          headers: origin(),
        },
      );
      expect(reviewed.status()).toBe(200);
    }
  }
});

async function noticesTab(locale: string): Promise<Page> {
  const page = await (await staffContext(locale)).newPage();
  await page.goto(`${suite.server.url}/moderate?view=notices`);
  await page.getByRole('heading', { level: 1 }).waitFor(WAIT);
  return page;
}

/** The drawer about the writer, opened from their name on the Unmoderated queue's card. */
async function drawerFor(locale: string, title: string) {
  const page = await (await staffContext(locale)).newPage();
  await page.goto(`${suite.server.url}/moderate?queue=unmoderated`);
  const card = page.getByRole('article').filter({ hasText: text });
  await card.waitFor(WAIT);
  await card.getByRole('button', { name: writer, exact: true }).click();
  const drawer = page.getByRole('dialog', { name: title });
  await drawer.waitFor(WAIT);
  return { page, drawer };
}

const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('the Notices tab and the person drawer in German', () => {
  it('names the notices, their clock, the decision form, and the person, in German', async () => {
    const page = await noticesTab('de-DE');
    await page.getByRole('group', { name: 'Meldungen anzeigen' }).waitFor(WAIT);
    const cards = page.getByRole('article', { name: 'Meldung: Verleumdung' }).filter({ hasText: text });
    await cards.first().waitFor(WAIT);
    expect(await cards.count()).toBe(2);
    await cards.getByText('In Prüfung', { exact: true }).waitFor(WAIT);
    await cards.getByRole('button', { name: 'Zur Prüfung übernehmen' }).waitFor(WAIT);
    await cards.first().getByRole('radio', { name: 'Zugang eingeschränkt' }).waitFor(WAIT);
    await cards.first().getByLabel('Rechtliche oder vertragliche Grundlage').waitFor(WAIT);
    await page.getByRole('heading', { name: 'Transparenzbericht' }).waitFor(WAIT);
    await screenshot(page, 'i18n-dsa-notices-de-1280', true);
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    const { page: desk, drawer } = await drawerFor('de-DE', `Über ${writer} (@${writer})`);
    await drawer.getByText('1 veröffentlicht').waitFor(WAIT);
    await drawer.getByText('Ein Parley-Passwort').waitFor(WAIT);
    await drawer.getByRole('textbox', { name: 'Neue Notiz' }).waitFor(WAIT);
    await drawer.getByRole('button', { name: 'Schließen' }).waitFor(WAIT);
    await screenshot(desk, 'i18n-dsa-person-de-1280');
  });
});

describe('the Notices tab and the person drawer in Arabic', () => {
  it('mirrors them and names everything in Arabic, names people wrote set apart', async () => {
    const page = await noticesTab('ar-EG');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const cards = page.getByRole('article', { name: 'بلاغ: تشهير' }).filter({ hasText: text });
    await cards.first().waitFor(WAIT);
    await cards.getByText('قيد المراجعة', { exact: true }).waitFor(WAIT);
    await cards.getByRole('button', { name: 'بدء المراجعة' }).waitFor(WAIT);
    await cards.getByText('نور', { exact: true }).waitFor(WAIT);
    expect(await cards.getByText(text).first().getAttribute('dir')).toBe('auto');
    await screenshot(page, 'i18n-dsa-notices-ar-1280', true);
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    const { page: desk, drawer } = await drawerFor('ar-EG', `عن ${writer} (@${writer})`);
    await drawer.getByText('تعليق منشور واحد').waitFor(WAIT);
    await drawer.getByRole('button', { name: 'إغلاق' }).waitFor(WAIT);
    await screenshot(desk, 'i18n-dsa-person-ar-1280');
  });
});
