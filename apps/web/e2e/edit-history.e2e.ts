import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { registerInPage, screenshot, uniqueName } from './browser.js';
import { browserSuite } from './suite.js';

const WAIT = { timeout: 15_000 };

const suite = browserSuite();

async function newPage(): Promise<Page> {
  const context = await suite.newContext({ viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

async function openStory(): Promise<Page> {
  const page = await newPage();
  await page.goto(`${suite.server.url}/`);
  await page.getByRole('heading', { level: 1 }).waitFor(WAIT);
  await page.getByText(/\d+ reading now/).waitFor(WAIT);
  return page;
}

/** A card in the queue, or a comment in the thread, shown directly or behind the "N new" button. */
async function cardArrives(page: Page, card: Locator): Promise<void> {
  const reveal = page.getByRole('button', { name: /Show \d+ new comments?/ });
  await reveal.or(card).first().waitFor(WAIT);
  if (!(await card.isVisible())) await reveal.click();
  await card.waitFor(WAIT);
}

async function editOwn(page: Page, own: Locator, text: string): Promise<void> {
  await own.getByRole('button', { name: 'Edit', exact: true }).click();
  await own.getByRole('textbox', { name: 'Edit comment' }).fill(text);
  await own.getByRole('button', { name: 'Save' }).click();
  await page.getByText(text).waitFor(WAIT);
}

describe('edit history', () => {
  it('shows a moderator how often a comment was edited, live, and what each edit changed', async () => {
    const alice = uniqueName('alice');
    const aliceName = `Alice ${alice.slice(-4)}`;
    const first = `The bridge plan from ${alice} is a foolish waste of money.`;
    const second = `The bridge plan from ${alice} is a questionable use of money.`;
    const third = `The bridge plan from ${alice} is a questionable but bold use of money.`;

    // The moderator watches the Unmoderated queue.
    const mod = await newPage();
    await mod.goto(`${suite.server.url}/moderate?queue=unmoderated`);
    const signIn = mod.getByRole('region', { name: 'Sign in with your moderator or admin account' });
    await signIn.getByLabel('Username').fill(suite.server.admin.username);
    await signIn.getByLabel('Password').fill(suite.server.admin.password);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await mod
      .getByRole('status')
      .filter({ hasText: /^Live$/ })
      .waitFor(WAIT);

    // Alice posts; a reader is on the same story.
    const reader = await openStory();
    const aliceTab = await openStory();
    await registerInPage(aliceTab, alice, { displayName: aliceName });
    await aliceTab.getByRole('textbox', { name: 'Comment' }).fill(first);
    await aliceTab.getByRole('button', { name: /Post/ }).click();
    const own = aliceTab.getByRole('article', { name: `Comment by ${aliceName}` });
    await own.getByText(first).waitFor(WAIT);

    const card = mod.getByRole('article', { name: `Comment by ${aliceName}` });
    await cardArrives(mod, card);
    expect(await card.getByRole('button', { name: /^Edited/ }).count()).toBe(0);

    // Each edit raises the count on the card without a reload.
    await editOwn(aliceTab, own, second);
    await card.getByRole('button', { name: 'Edited 1 time' }).waitFor(WAIT);
    await editOwn(aliceTab, own, third);
    const toggle = card.getByRole('button', { name: 'Edited 2 times' });
    await toggle.waitFor(WAIT);
    await card.getByText(third).waitFor(WAIT);

    // The history: newest edit first, the words each one removed and added.
    await toggle.click();
    const history = card.getByRole('region', { name: 'Edit history' });
    await history.waitFor(WAIT);
    const steps = history.getByRole('listitem');
    await expect.poll(() => steps.count(), WAIT).toBe(2);
    expect(await steps.nth(0).textContent()).toMatch(new RegExp(`Edit 2 · .* by @${alice}`));
    expect(await steps.nth(0).locator('ins').allTextContents()).toEqual(['but bold ']);
    expect(await steps.nth(1).locator('del').allTextContents()).toEqual(['foolish', 'waste']);
    expect(await steps.nth(1).locator('ins').allTextContents()).toEqual(['questionable', 'use']);
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await history.scrollIntoViewIfNeeded();
    await screenshot(mod, 'moderation-edit-history-1280');

    // The reader sees only the current text and that it was edited.
    await cardArrives(reader, reader.getByText(third));
    await reader.getByText('(edited)').first().waitFor(WAIT);
    expect(await reader.getByText(first).count()).toBe(0);
    expect(await reader.getByText(second).count()).toBe(0);
    expect(await reader.getByText(/Edited \d+ times?/).count()).toBe(0);
  });
});
