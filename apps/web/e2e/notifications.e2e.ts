import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { registerInPage, screenshot, uniqueName } from './browser.js';
import { browserSuite } from './suite.js';

const WAIT = { timeout: 30_000 };
const DESKTOP = { width: 1280, height: 900 };

const suite = browserSuite();

async function openPage(): Promise<Page> {
  const context = await suite.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  await page.goto(suite.server.url);
  await page.getByText(/\d+ reading now/).waitFor(WAIT);
  return page;
}

describe('notifications', () => {
  it("raises the bell's count live when another reader replies, and an entry lands on the reply", async () => {
    const alice = uniqueName('alice');
    const bob = uniqueName('bob');
    const aliceName = `Alice ${alice.slice(-4)}`;
    const bobName = `Bob ${bob.slice(-4)}`;
    const original = `A comment to be answered, from ${alice}`;
    const replyText = `An answer from ${bob}`;

    const pageA = await openPage();
    await registerInPage(pageA, alice, { displayName: aliceName });
    const bellA = pageA.getByRole('button', { name: /^Notifications, / });
    await bellA.waitFor(WAIT);
    expect(await bellA.getAttribute('aria-label')).toBe('Notifications, none unread');
    await pageA.getByRole('textbox', { name: 'Comment' }).fill(original);
    await pageA.getByRole('button', { name: /Post/ }).click();
    await pageA
      .getByRole('article', { name: `Comment by ${aliceName}` })
      .getByText(original)
      .waitFor(WAIT);

    const pageB = await openPage();
    await registerInPage(pageB, bob, { displayName: bobName });
    const aliceOnB = pageB.getByRole('article', { name: `Comment by ${aliceName}` });
    const newButton = pageB.getByRole('button', { name: /Show \d+ new comments?/ });
    await newButton.or(aliceOnB).first().waitFor(WAIT);
    if (await newButton.isVisible()) await newButton.click();
    await aliceOnB.getByRole('button', { name: 'Reply' }).first().click();
    await aliceOnB.getByRole('textbox', { name: 'Reply' }).fill(replyText);
    await aliceOnB.getByRole('button', { name: /Post reply/ }).click();

    // Alice's bell counts it without a reload.
    await pageA.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor(WAIT);
    await screenshot(pageA, 'notification-bell-1280');

    await bellA.click();
    const entry = pageA.getByRole('link', { name: new RegExp(`${bobName} replied to your comment`) });
    await entry.waitFor(WAIT);
    await screenshot(pageA, 'notification-panel-1280');
    await entry.click();

    // It lands on the reply's permalink, and the bell is read.
    await pageA.waitForURL(/\/comments\/[0-9a-f-]{36}/, WAIT);
    await pageA
      .getByRole('article', { name: `Comment by ${bobName}` })
      .getByText(replyText)
      .first()
      .waitFor(WAIT);
    await pageA.getByRole('button', { name: 'Notifications, none unread' }).waitFor(WAIT);
  });
});
