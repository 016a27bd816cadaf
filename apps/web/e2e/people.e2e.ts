import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { SCREENSHOTS, uniqueName } from './browser.js';
import { browserSuite } from './suite.js';

const WAIT = { timeout: 15_000 };
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
const STORY = 'lavrov-west-balkans-bridgehead';

const suite = browserSuite();

/** What the screen shows (the drawer is fixed to the viewport: a full-page capture would cut it off). */
async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
}
const origin = () => ({ origin: suite.server.url });

/** A context signed in through the API as the given account. */
async function signedIn(
  account: { username: string; password: string },
  viewport = DESKTOP,
): Promise<BrowserContext> {
  const context = await suite.newContext({ viewport });
  const response = await context.request.post(`${suite.server.url}/api/auth/login`, {
    data: account,
    headers: origin(),
  });
  expect(response.status()).toBe(200);
  return context;
}

/** /moderate on the Unmoderated queue, in the moderation room. */
async function moderating(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${suite.server.url}/moderate?queue=unmoderated`);
  await page.getByRole('heading', { name: 'Moderation', level: 1 }).waitFor(WAIT);
  await page
    .getByRole('status')
    .filter({ hasText: /^Live$/ })
    .waitFor(WAIT);
  return page;
}

/** Opens the drawer from the author's name on the card holding `text`. */
async function openDrawerFromCard(page: Page, text: string, author: string) {
  const card = page.getByRole('article').filter({ hasText: text });
  const reveal = page.getByRole('button', { name: /Show \d+ new comments?/ });
  await reveal.or(card).first().waitFor(WAIT);
  if (!(await card.isVisible())) await reveal.click();
  const opener = card.getByRole('button', { name: author, exact: true });
  await opener.click();
  const drawer = page.getByRole('dialog', { name: `About ${author} (@${author})` });
  await drawer.waitFor(WAIT);
  return { drawer, opener };
}

describe('the person behind a comment', () => {
  it('opens from a card, takes a note that another moderator sees at once, and follows a suspension', async () => {
    const password = 'correct horse battery';
    // A reader posts a comment (published at once: the queue is Unmoderated).
    const writer = uniqueName('writer');
    const writerContext = await suite.newContext();
    const registered = await writerContext.request.post(`${suite.server.url}/api/auth/register`, {
      data: { username: writer, password },
      headers: origin(),
    });
    expect(registered.status()).toBe(201);
    const writerId = ((await registered.json()) as { id: string }).id;
    const text = `A view on the summit from ${writer}`;
    const posted = await writerContext.request.post(`${suite.server.url}/api/stories/${STORY}/comments`, {
      data: { body: text, clientId: crypto.randomUUID() },
      headers: origin(),
    });
    expect(posted.status()).toBe(201);

    // A second moderator, made one by the admin.
    const colleague = uniqueName('colleague');
    const colleagueContext = await suite.newContext();
    const colleagueAccount = await colleagueContext.request.post(`${suite.server.url}/api/auth/register`, {
      data: { username: colleague, password },
      headers: origin(),
    });
    const adminContext = await signedIn(suite.server.admin);
    const promoted = await adminContext.request.post(
      `${suite.server.url}/api/moderation/users/${((await colleagueAccount.json()) as { id: string }).id}/role`,
      { data: { role: 'moderator' }, headers: origin() },
    );
    expect(promoted.status()).toBe(200);

    const desk = await moderating(adminContext);
    const other = await moderating(await signedIn({ username: colleague, password }));
    const { drawer, opener } = await openDrawerFromCard(desk, text, writer);
    const { drawer: otherDrawer } = await openDrawerFromCard(other, text, writer);

    // Focus moved into the drawer; the account and its counts are there.
    expect(await drawer.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    await drawer.getByText('1 published').waitFor(WAIT);
    await drawer.getByText('A Parley password').waitFor(WAIT);
    await drawer.getByRole('listitem').filter({ hasText: text }).waitFor(WAIT);

    const note = `Asked ${writer} to keep it civil`;
    await drawer.getByRole('textbox', { name: 'New note' }).fill(note);
    await drawer.getByRole('button', { name: 'Add note' }).click();
    await drawer.getByText(note).waitFor(WAIT);
    await drawer.getByRole('status').filter({ hasText: 'Note added.' }).waitFor(WAIT);
    // The other moderator's open drawer shows it without a reload.
    await otherDrawer.getByText(note).waitFor(WAIT);
    await screenshot(desk, 'person-drawer-1280');

    // A suspension shows in the other open drawer, in its status and its history.
    const suspended = await adminContext.request.post(
      `${suite.server.url}/api/moderation/users/${writerId}/suspend`,
      { data: { hours: 24 }, headers: origin() },
    );
    expect(suspended.status()).toBe(200);
    await otherDrawer.getByText(/^Suspended until /).waitFor(WAIT);
    await otherDrawer.getByText(/Suspended\s+for 24 h by @/).waitFor(WAIT);

    // Escape closes it, and focus is back on the author's name.
    await desk.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden', ...WAIT });
    expect(await opener.evaluate((element) => element === document.activeElement)).toBe(true);

    // On a phone the drawer takes the screen and nothing scrolls sideways.
    const phone = await moderating(await signedIn(suite.server.admin, PHONE));
    const { drawer: phoneDrawer } = await openDrawerFromCard(phone, text, writer);
    await phoneDrawer.getByText(note).waitFor(WAIT);
    await screenshot(phone, 'person-drawer-375');
    // The drawer scrolls on its own, down to the notes and the comments.
    await phoneDrawer.getByText(note).scrollIntoViewIfNeeded();
    expect(await phoneDrawer.getByText(note).isVisible()).toBe(true);
    await screenshot(phone, 'person-drawer-notes-375');
    const overflow = await phone.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const box = await phoneDrawer.boundingBox();
    expect(box?.width).toBeLessThanOrEqual(PHONE.width);
  });
});
