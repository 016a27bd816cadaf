import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { registerInPage, screenshot, uniqueName, waitForGone } from './browser.js';
import { browserSuite } from './suite.js';

const WAIT = { timeout: 15_000 };
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };

const suite = browserSuite();

async function newPage(viewport = DESKTOP): Promise<Page> {
  const context = await suite.newContext({ viewport });
  return context.newPage();
}

async function openStory(): Promise<Page> {
  const page = await newPage();
  await page.goto(`${suite.server.url}/`);
  await page.getByRole('heading', { level: 1 }).waitFor(WAIT);
  // In the story room once the join is acknowledged.
  await page.getByText(/\d+ reading now/).waitFor(WAIT);
  return page;
}

/** The moderator's page, in the moderation room (the live indicator says so). */
async function waitUntilModerating(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Moderation', level: 1 }).waitFor(WAIT);
  await page
    .getByRole('status')
    .filter({ hasText: /^Live$/ })
    .waitFor(WAIT);
}

function tab(page: Page, label: string): Locator {
  return page.getByRole('tab', { name: new RegExp(`^${label}\\b`) });
}

/** The live count in a queue tab's label ("Pending 3"). */
async function tabCount(page: Page, label: string): Promise<number> {
  const text = (await tab(page, label).textContent()) ?? '';
  return Number(/(\d+)/.exec(text)?.[1] ?? Number.NaN);
}

/** A card in the current queue, shown directly or behind the "N new" button. */
async function cardArrives(page: Page, card: Locator): Promise<void> {
  const reveal = page.getByRole('button', { name: /Show \d+ new comments?/ });
  await reveal.or(card).first().waitFor(WAIT);
  if (!(await card.isVisible())) await reveal.click();
  await card.waitFor(WAIT);
}

describe('the moderation page', () => {
  it('asks a visitor for a staff account with no sign-up, and tells a reader they need one', async () => {
    const page = await newPage();
    await page.goto(`${suite.server.url}/moderate`);
    const form = page.getByRole('region', { name: 'Sign in with your moderator or admin account' });
    await form.waitFor(WAIT);
    expect(await form.getByRole('button', { name: 'Create account' }).count()).toBe(0);
    expect(await page.getByText(/join the discussion/i).count()).toBe(0);
    expect(await page.getByRole('tab').count()).toBe(0);

    // A reader who signed up on a story is told they need a moderator account.
    await page.goto(`${suite.server.url}/`);
    await registerInPage(page, uniqueName('nosy'));
    await page.goto(`${suite.server.url}/moderate`);
    await page.getByText('You need a moderator account to use this page.').waitFor(WAIT);
    await page.getByText(/You are signed in as .*, a reader/).waitFor(WAIT);
    expect(await page.getByRole('tab').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Moderate', exact: true }).count()).toBe(0);
  });

  it('holds a comment for review, and approves and rejects it live for every reader', async () => {
    const alice = uniqueName('alice');
    const aliceName = `Alice ${alice.slice(-4)}`;
    const text = `A careful take on the bridgehead from ${alice}`;

    // The moderator signs in on /moderate and sets the story to pre-moderate everything.
    const mod = await newPage();
    await mod.goto(`${suite.server.url}/moderate`);
    const signIn = mod.getByRole('region', { name: 'Sign in with your moderator or admin account' });
    await signIn.getByLabel('Username').fill(suite.server.admin.username);
    await signIn.getByLabel('Password').fill(suite.server.admin.password);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await waitUntilModerating(mod);
    await mod
      .getByRole('navigation', { name: 'Account' })
      .getByRole('link', { name: 'Moderate', exact: true })
      .waitFor(WAIT);

    await mod
      .getByRole('navigation', { name: 'Moderation sections' })
      .getByRole('link', { name: 'Stories' })
      .click();
    const premod = mod.getByLabel(/^Pre-moderation for “Lavrov/);
    await premod.waitFor(WAIT);
    await premod.selectOption('all');
    await mod
      .getByRole('status')
      .filter({ hasText: /^Pre-moderation on “Lavrov/ })
      .waitFor(WAIT);
    await mod
      .getByRole('navigation', { name: 'Moderation sections' })
      .getByRole('link', { name: 'Queues' })
      .click();
    await expect.poll(() => tab(mod, 'Pending').getAttribute('aria-selected'), WAIT).toBe('true');
    await waitUntilModerating(mod);
    const pendingBefore = await tabCount(mod, 'Pending');

    // A second moderator tab, also on Pending: what one decides leaves the other's queue.
    const otherMod = await mod.context().newPage();
    await otherMod.goto(`${suite.server.url}/moderate`);
    await waitUntilModerating(otherMod);

    // Bob reads the article; Alice posts and is told her comment awaits moderation.
    const bob = await openStory();
    const aliceTab = await openStory();
    await registerInPage(aliceTab, alice, { displayName: aliceName });
    await aliceTab.getByRole('textbox', { name: 'Comment' }).fill(text);
    await aliceTab.getByRole('button', { name: /Post/ }).click();
    const aliceOwn = aliceTab.getByRole('article', { name: `Comment by ${aliceName}` });
    await aliceOwn
      .getByText(/awaiting moderation/i)
      .first()
      .waitFor(WAIT);

    // The moderator sees it arrive on the Pending tab, with the count, without a reload.
    const card = mod.getByRole('article', { name: `Comment by ${aliceName}` });
    await cardArrives(mod, card);
    await card.getByText(text).waitFor(WAIT);
    await card.getByText('Pre-moderate all').waitFor(WAIT);
    await expect.poll(() => tabCount(mod, 'Pending'), WAIT).toBe(pendingBefore + 1);
    await screenshot(mod, 'moderation-pending-1280');

    const otherCard = otherMod.getByRole('article', { name: `Comment by ${aliceName}` });
    await cardArrives(otherMod, otherCard);

    // Bob does not see a held comment.
    expect(await bob.getByText(text).count()).toBe(0);

    // Approve with the keyboard: focus the card, press a.
    await card.focus();
    await mod.keyboard.press('a');
    await waitForGone(card);
    await expect.poll(() => tabCount(mod, 'Pending'), WAIT).toBe(pendingBefore);
    await waitForGone(otherCard);
    await expect.poll(() => tabCount(otherMod, 'Pending'), WAIT).toBe(pendingBefore);

    // Bob sees it appear without reloading (perhaps behind the "new comments" button); Alice's notice goes.
    const newButton = bob.getByRole('button', { name: /Show \d+ new comments?/ });
    const onBob = bob.getByRole('article', { name: `Comment by ${aliceName}` });
    await newButton.or(onBob).first().waitFor(WAIT);
    if (await newButton.isVisible()) await newButton.click();
    await onBob.getByText(text).waitFor(WAIT);
    await waitForGone(aliceOwn.getByText(/awaiting moderation/i));

    // The moderator changes their mind from the Approved tab: r, then Enter takes the default reason.
    await tab(mod, 'Approved').click();
    const approved = mod.getByRole('article', { name: `Comment by ${aliceName}` });
    await approved.waitFor(WAIT);
    await approved.focus();
    await mod.keyboard.press('r');
    const reason = approved.getByRole('radio', { name: 'Other' });
    await expect
      .poll(() => reason.evaluate((element) => element === document.activeElement), WAIT)
      .toBe(true);
    await mod.keyboard.press('Enter');
    await waitForGone(approved);

    // It leaves Bob's page live, and shows on the Rejected tab with its text.
    await waitForGone(bob.getByText(text));
    await tab(mod, 'Rejected').click();
    await mod
      .getByRole('article', { name: `Comment by ${aliceName}` })
      .getByText(text)
      .waitFor(WAIT);

    // The audit log says what changed in words: the story's setting old → new, the comment by its first words.
    await mod
      .getByRole('navigation', { name: 'Moderation sections' })
      .getByRole('link', { name: 'Log' })
      .click();
    await mod.getByText('Pre-moderation: Off: publish at once → All comments').first().waitFor(WAIT);
    // The entries themselves, not the lines of what changed inside them.
    const entries = mod.getByRole('list', { name: 'Log entries, newest first' }).locator(':scope > li');
    const aboutAlice = entries.filter({ hasText: `@${alice}` });
    await aboutAlice.filter({ hasText: 'Status: Approved → Rejected' }).first().waitFor(WAIT);
    await aboutAlice
      .getByRole('link', { name: `“${text}”` })
      .first()
      .waitFor(WAIT);

    // Filtered to Alice: her comment's hold and both decisions, nothing else.
    await mod.getByLabel('User', { exact: true }).fill(alice);
    await mod.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => entries.count(), WAIT).toBe(3);
    expect(await aboutAlice.count()).toBe(3);
    await screenshot(mod, 'moderation-log-1280');

    // The other tab approves it again from Rejected: the filtered log shows it on top, with no refresh.
    await tab(otherMod, 'Rejected').click();
    const rejectedCard = otherMod.getByRole('article', { name: `Comment by ${aliceName}` });
    await cardArrives(otherMod, rejectedCard);
    await rejectedCard.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => entries.count(), WAIT).toBe(4);
    expect(await entries.first().textContent()).toMatch(
      /approved a comment by @\S+ .*Status: Rejected → Approved/s,
    );
  });

  it('moves between cards with j and k, shows the shortcuts, and fits a phone', async () => {
    // A few visible comments to moderate (the story pre-moderates all now: approve them through the API).
    const adminContext = await suite.newContext();
    const api = adminContext.request;
    const origin = { origin: suite.server.url };
    expect(
      (
        await api.post(`${suite.server.url}/api/auth/login`, { data: suite.server.admin, headers: origin })
      ).status(),
    ).toBe(200);
    const story = (await (
      await api.get(`${suite.server.url}/api/stories/lavrov-west-balkans-bridgehead`)
    ).json()) as {
      id: string;
    };
    await api.patch(`${suite.server.url}/api/moderation/stories/${story.id}`, {
      data: { premod: 'off' },
      headers: origin,
    });
    await api.put(`${suite.server.url}/api/moderation/word-lists`, {
      data: { banned: [], suspect: ['propaganda'] },
      headers: origin,
    });
    for (const body of [
      'Pure propaganda, see https://example.com/source',
      'A second opinion on the summit',
      'Third comment, plain',
    ])
      await postAs(body);

    const phone = await newPage(PHONE);
    expect(
      (
        await phone
          .context()
          .request.post(`${suite.server.url}/api/auth/login`, { data: suite.server.admin, headers: origin })
      ).status(),
    ).toBe(200);
    await phone.goto(`${suite.server.url}/moderate?queue=pending`);
    await waitUntilModerating(phone);
    const held = phone.getByRole('article').filter({ hasText: 'Pure propaganda' });
    await held.waitFor(WAIT);
    expect(await held.locator('mark').first().textContent()).toBe('propaganda');
    await screenshot(phone, 'moderation-375');
    const overflow = await phone.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);

    const desk = await newPage();
    expect(
      (
        await desk
          .context()
          .request.post(`${suite.server.url}/api/auth/login`, { data: suite.server.admin, headers: origin })
      ).status(),
    ).toBe(200);
    await desk.goto(`${suite.server.url}/moderate?queue=unmoderated`);
    await waitUntilModerating(desk);
    const cards = desk.getByRole('article');
    await expect.poll(() => cards.count(), WAIT).toBeGreaterThanOrEqual(2);
    const focusedLabel = () =>
      desk.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
    await desk.keyboard.press('j');
    const first = await cards.nth(0).getAttribute('aria-label');
    await expect.poll(focusedLabel, WAIT).toBe(first);
    await desk.keyboard.press('j');
    await expect.poll(focusedLabel, WAIT).toBe(await cards.nth(1).getAttribute('aria-label'));
    await desk.keyboard.press('k');
    await expect.poll(focusedLabel, WAIT).toBe(first);

    // A new comment waits behind a button instead of pushing the focused card down.
    const before = await cards.nth(0).boundingBox();
    await postAs('Fourth comment, arriving live');
    const reveal = desk.getByRole('button', { name: 'Show 1 new comment' });
    await reveal.waitFor(WAIT);
    expect(await cards.nth(0).boundingBox()).toEqual(before);
    expect(await focusedLabel()).toBe(first);
    await reveal.click();
    const fresh = desk.getByRole('article').filter({ hasText: 'Fourth comment, arriving live' });
    await expect.poll(() => fresh.evaluate((element) => element === document.activeElement), WAIT).toBe(true);

    // Approving the focused card hands focus to the next one, so the keyboard carries on.
    const next = await cards.nth(1).getAttribute('aria-label');
    const total = await cards.count();
    await desk.keyboard.press('a');
    await expect.poll(() => cards.count(), WAIT).toBe(total - 1);
    await expect.poll(focusedLabel, WAIT).toBe(next);

    await desk.locator('body').click({ position: { x: 5, y: 400 } });
    await desk.keyboard.press('?');
    const dialog = desk.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor(WAIT);
    await screenshot(desk, 'moderation-shortcuts-1280');
    await desk.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', ...WAIT });

    await desk
      .getByRole('navigation', { name: 'Moderation sections' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await desk.getByRole('textbox', { name: 'Suspect words' }).waitFor(WAIT);
    await expect
      .poll(() => desk.getByRole('textbox', { name: 'Suspect words' }).inputValue(), WAIT)
      .toBe('propaganda');
    await screenshot(desk, 'moderation-settings-1280');
  });
});

/** Registers a new reader through the API and posts one comment as them. */
async function postAs(body: string): Promise<void> {
  const writer = await suite.newContext();
  const headers = { origin: suite.server.url };
  const registered = await writer.request.post(`${suite.server.url}/api/auth/register`, {
    data: { username: uniqueName('writer'), password: 'correct horse battery' },
    headers,
  });
  expect(registered.status()).toBe(201);
  const posted = await writer.request.post(
    `${suite.server.url}/api/stories/lavrov-west-balkans-bridgehead/comments`,
    { data: { body, clientId: crypto.randomUUID() }, headers },
  );
  expect(posted.status()).toBe(201);
}
