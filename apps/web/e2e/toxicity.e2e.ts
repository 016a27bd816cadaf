import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { registerInPage, screenshot, uniqueName } from './browser.js';
import { browserSuite } from './suite.js';

const WAIT = { timeout: 15_000 };
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
/** The classifier the repository ships (apps/api/models/tiny-toxicity): "stupid" scores high. */
const TINY_MODEL_DIR = fileURLToPath(new URL('../../api/models/tiny-toxicity/', import.meta.url));

// Warn at 0.5 and hold at 0.9 (the defaults are 0.8 and 0.9): "This is stupid" (0.79) is warned
// about and, posted anyway, published; "You idiot" (1.00) is held.
const suite = browserSuite({ env: { PARLEY_TOXICITY_MODEL_DIR: TINY_MODEL_DIR } });

async function newPage(viewport = DESKTOP): Promise<Page> {
  const context = await suite.newContext({ viewport });
  return context.newPage();
}

async function signInAsAdmin(page: Page): Promise<void> {
  await page.goto(`${suite.server.url}/moderate`);
  const signIn = page.getByRole('region', { name: 'Sign in with your moderator or admin account' });
  await signIn.getByLabel('Username').fill(suite.server.admin.username);
  await signIn.getByLabel('Password').fill(suite.server.admin.password);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Moderation', level: 1 }).waitFor(WAIT);
}

describe('local toxicity scoring', () => {
  it('sets the thresholds, nudges the author, and shows the score and "posted anyway" on the card', async () => {
    const mod = await newPage();
    await signInAsAdmin(mod);
    await mod
      .getByRole('navigation', { name: 'Moderation sections' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await mod.getByTestId('toxicity-model').getByText('parley/tiny-toxicity').waitFor(WAIT);
    await mod.getByLabel('Warn the author at').fill('0.5');
    await mod.getByLabel('Hold in Pending at').fill('0.9');
    await mod.getByRole('button', { name: 'Save thresholds' }).click();
    await mod.getByRole('status').filter({ hasText: 'Thresholds saved.' }).waitFor(WAIT);
    await screenshot(mod, 'toxicity-settings-1280');

    const reader = await newPage(PHONE);
    await reader.goto(`${suite.server.url}/`);
    await reader.getByRole('heading', { level: 1 }).waitFor(WAIT);
    await registerInPage(reader, uniqueName('tox'));
    const text = 'This is stupid';
    await reader.getByRole('textbox', { name: 'Comment' }).fill(text);
    await reader.getByRole('button', { name: 'Post comment' }).click();
    const dialog = reader.getByRole('dialog', { name: 'Before you post' });
    await dialog.waitFor(WAIT);
    expect(await dialog.textContent()).toMatch(/may break the community guidelines/);
    await screenshot(reader, 'toxicity-nudge-375');

    // "Edit my comment" goes back to the text, unposted.
    await dialog.getByRole('button', { name: 'Edit my comment' }).click();
    await dialog.waitFor({ state: 'hidden', ...WAIT });
    expect(await reader.getByRole('textbox', { name: 'Comment' }).inputValue()).toBe(text);

    await reader.getByRole('button', { name: 'Post comment' }).click();
    await dialog.getByRole('button', { name: 'Post anyway' }).click();
    await reader.getByRole('article').filter({ hasText: text }).waitFor(WAIT);

    // The moderator sees it in Unmoderated, ordered by score, with the score and "Posted anyway".
    await mod
      .getByRole('navigation', { name: 'Moderation sections' })
      .getByRole('link', { name: 'Queues' })
      .click();
    await mod.getByRole('tab', { name: /^Unmoderated\b/ }).click();
    await mod.getByLabel('Order').selectOption('score');
    const card = mod.getByRole('article').filter({ hasText: text });
    await card.waitFor(WAIT);
    await card.getByText('Posted anyway').waitFor(WAIT);
    expect(await card.getByTestId('toxicity').textContent()).toMatch(/Toxicity:\s*0\.79/);
    await screenshot(mod, 'toxicity-card-1280');
  });
});
