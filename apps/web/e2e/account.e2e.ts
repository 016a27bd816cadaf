import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import type { SessionUser } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { screenshot, uniqueName } from './browser.js';
import { browserSuite } from './suite.js';

const WAIT = { timeout: 30_000 };
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
const PASSWORD = 'correct horse battery';

// A mail server that never answers: the email form shows (it needs mail), and nothing is delivered.
const suite = browserSuite({ env: { SMTP_URL: 'smtp://127.0.0.1:9' } });

/** A new browser (its own cookies) on the account page. */
/** Who the page's session is signed in as, from `GET /api/auth/me` (null when nobody). */
async function signedInUser(page: Page): Promise<SessionUser['user']> {
  const answer = await page.request.get(`${suite.server.url}/api/auth/me`);
  expect(answer.status()).toBe(200);
  return ((await answer.json()) as SessionUser).user;
}

async function openAccount(viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await suite.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${suite.server.url}/account`);
  return { context, page };
}

/** Registers from the account page's sign-in form, as a person would, and waits for the page. */
async function registerHere(page: Page, username: string): Promise<void> {
  const form = page.getByRole('region', { name: 'Sign in to join the discussion' });
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Where you’re signed in' }).waitFor(WAIT);
}

async function signInHere(page: Page, username: string, password = PASSWORD): Promise<void> {
  const form = page.getByRole('region', { name: 'Sign in to join the discussion' });
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Where you’re signed in' }).waitFor(WAIT);
}

/** Screenshots of the page at both widths and in both colour schemes. */
async function shoot(page: Page, name: string): Promise<void> {
  for (const [width, viewport] of [
    ['1280', DESKTOP],
    ['375', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await screenshot(page, `${name}-${width}-${scheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(DESKTOP);
}

describe('the account page', () => {
  it('changes the password and signs out the other browser, which must sign in with the new one', async () => {
    const username = uniqueName('acct');
    const first = await openAccount();
    await registerHere(first.page, username);
    const second = await openAccount();
    await signInHere(second.page, username);

    // The first browser sees both sessions, its own marked.
    await first.page.reload();
    const sessions = first.page.getByRole('region', { name: 'Where you’re signed in' });
    await sessions.getByRole('button', { name: /^Sign out .*\(this browser\)/ }).waitFor(WAIT);
    expect(await sessions.getByRole('listitem').count()).toBe(2);
    await shoot(first.page, 'account');

    const password = first.page.getByRole('region', { name: 'Password' });
    await password.getByLabel('Current password').fill(PASSWORD);
    await password.getByLabel('New password').fill('short');
    await password.getByRole('button', { name: 'Change password' }).click();
    await password.getByText('Use at least 8 characters.').waitFor(WAIT);
    expect(await password.getByLabel('New password').getAttribute('aria-invalid')).toBe('true');
    await screenshot(first.page, 'account-password-error-1280');

    await password.getByLabel('New password').fill('a much better password');
    await password.getByRole('button', { name: 'Change password' }).click();
    await password.getByText('Password changed. One other session was signed out.').waitFor(WAIT);

    // The other browser is told at once and shows the sign-in form; its cookie no longer works.
    await second.page.getByText('You were signed out: password changed.').waitFor(WAIT);
    await second.page.getByRole('region', { name: 'Sign in to join the discussion' }).waitFor(WAIT);
    expect(await signedInUser(second.page)).toBeNull();
    // This browser stays signed in, with one session left.
    expect(await signedInUser(first.page)).not.toBeNull();
    await expect.poll(() => sessions.getByRole('listitem').count(), WAIT).toBe(1);

    await second.page.reload();
    await signInHere(second.page, username, 'a much better password');
  });

  it('adds an email address, shows it unconfirmed, and sends the link again', async () => {
    const { page } = await openAccount();
    await registerHere(page, uniqueName('mail'));
    const profile = page.getByRole('region', { name: 'Profile' });

    await profile.getByLabel('Email address').fill('not an address');
    await profile.getByRole('button', { name: 'Save email' }).click();
    await profile.getByText('Enter an email address like name@example.org.').waitFor(WAIT);

    const address = `${uniqueName('reader')}@example.org`;
    await profile.getByLabel('Email address').fill(address);
    await profile.getByRole('button', { name: 'Save email' }).click();
    await profile.getByText(`Saved. We sent a confirmation link to ${address}.`).waitFor(WAIT);
    await profile.getByText('Not confirmed').waitFor(WAIT);
    await profile.getByRole('button', { name: 'Send the link again' }).click();
    await profile.getByText(`We sent a new confirmation link to ${address}.`).waitFor(WAIT);
    await screenshot(page, 'account-email-1280');

    await profile.getByLabel('Display name').fill('');
    await profile.getByLabel('Display name').fill('   ');
    await profile.getByRole('button', { name: 'Save name' }).click();
    await profile.getByText('Enter a name.').waitFor(WAIT);
    await profile.getByLabel('Display name').fill('Ada Reader');
    await profile.getByRole('button', { name: 'Save name' }).click();
    await profile.getByText('Display name saved.').waitFor(WAIT);
    await page.getByRole('button', { name: /^Account menu, signed in as Ada Reader/ }).waitFor(WAIT);
  });

  it('downloads my data as a file', async () => {
    const username = uniqueName('data');
    const { page } = await openAccount();
    await registerHere(page, username);

    const [download] = await Promise.all([
      page.waitForEvent('download', WAIT),
      page.getByRole('button', { name: 'Download my data' }).click(),
    ]);

    expect(download.suggestedFilename()).toBe('parley-my-data.json');
    const path = await download.path();
    const data = JSON.parse(await readFile(path, 'utf8')) as { account: { username: string } };
    expect(data.account.username).toBe(username);
  });

  it('deletes the account from the page, after a password in a dialog', async () => {
    const username = uniqueName('gone');
    const { page } = await openAccount(PHONE);
    await registerHere(page, username);

    await page.getByRole('button', { name: 'Delete my account…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
    await dialog.waitFor(WAIT);
    await dialog.getByLabel('Password').fill('not my password');
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await dialog.getByText('That password does not match this account. Nothing was deleted.').waitFor(WAIT);
    await screenshot(page, 'account-delete-dialog-375');

    await dialog.getByLabel('Password').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Delete my account' }).click();

    await page.getByText('Your account was deleted.').waitFor(WAIT);
    await page.waitForURL(`${suite.server.url}/`, WAIT);
    expect(await signedInUser(page)).toBeNull();
    const login = await page.request.post(`${suite.server.url}/api/auth/login`, {
      data: { username, password: PASSWORD },
      headers: { origin: suite.server.url },
    });
    expect(login.status()).toBe(401);
  });
});

describe('my comments on the account page', () => {
  it('shows a rejected comment with the moderator’s reason, and filters by status', async () => {
    const username = uniqueName('mine');
    const { page } = await openAccount();
    await registerHere(page, username);
    const api = page.request;
    const origin = { origin: suite.server.url };
    const { story } = (await (await api.get(`${suite.server.url}/api/stories/default`)).json()) as {
      story: { slug: string };
    };
    const post = async (body: string) => {
      const response = await api.post(`${suite.server.url}/api/stories/${story.slug}/comments`, {
        data: { body },
        headers: origin,
      });
      expect(response.status()).toBe(201);
      return ((await response.json()) as { comment: { id: string } }).comment.id;
    };
    // One comment: the posting interval stands between two.
    const rejected = await post('A comment a moderator will turn down');
    const adminContext = await suite.newContext();
    const admin = adminContext.request;
    expect(
      (
        await admin.post(`${suite.server.url}/api/auth/login`, {
          data: suite.server.admin,
          headers: origin,
        })
      ).status(),
    ).toBe(200);
    const decision = await admin.post(`${suite.server.url}/api/moderation/comments/${rejected}/reject`, {
      data: { reason: 'off_topic' },
      headers: origin,
    });
    expect(decision.status()).toBe(200);

    await page.reload();
    const mine = page.getByRole('region', { name: 'Your comments' });
    await mine.getByText('Rejected by a moderator: off topic.').waitFor(WAIT);
    await mine.getByText('A comment a moderator will turn down').waitFor(WAIT);
    await shoot(page, 'account-comments');

    // The filters are radio buttons: keyboard and pointer alike.
    await mine.getByRole('radio', { name: 'Rejected' }).focus();
    await page.keyboard.press('ArrowLeft');
    expect(await mine.getByRole('radio', { name: 'Awaiting review' }).isChecked()).toBe(true);
    await mine.getByText('None here.').waitFor(WAIT);
    await mine.getByRole('radio', { name: 'Rejected' }).click();
    await mine.getByText('A comment a moderator will turn down').waitFor(WAIT);
    expect(await mine.getByRole('listitem').count()).toBe(1);
  });
});

describe('the header on a phone', () => {
  /** The header's height and whether its brand, bell and account button share one row. */
  async function headerRow(page: Page): Promise<{ height: number; oneRow: boolean }> {
    const header = (await page.locator('header.site-header').boundingBox())!;
    const boxes = await Promise.all(
      [
        page.getByRole('link', { name: 'Parley' }),
        page.getByRole('button', { name: /^Notifications, / }),
        page.getByRole('button', { name: /^Account menu/ }),
      ].map(async (locator) => (await locator.boundingBox())!),
    );
    const middles = boxes.map((box) => box.y + box.height / 2);
    return { height: header.height, oneRow: Math.max(...middles) - Math.min(...middles) < 8 };
  }

  it('keeps one row for staff at 375 px, with account, moderate and sign out in a keyboard menu', async () => {
    const context = await suite.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/moderate`);
    const form = page.getByRole('region', { name: 'Sign in with your moderator or admin account' });
    await form.getByLabel('Username').fill(suite.server.admin.username);
    await form.getByLabel('Password').fill(suite.server.admin.password);
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();
    const menuButton = page.getByRole('button', { name: /^Account menu, signed in as admin/ });
    await menuButton.waitFor(WAIT);

    const row = await headerRow(page);
    expect(row.oneRow).toBe(true);
    expect(row.height).toBeLessThan(70);
    expect(await page.locator('header').getByRole('link', { name: 'Moderate' }).count()).toBe(0);
    await screenshot(page, 'header-staff-375');

    // The keyboard opens it on its first item, moves with the arrows and closes with Escape.
    await menuButton.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Account' });
    await menu.waitFor(WAIT);
    expect(await menuButton.getAttribute('aria-expanded')).toBe('true');
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim());
    expect(await focused()).toBe('Account');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('Moderate');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('Sign out');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('Account');
    await screenshot(page, 'header-menu-375');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden', ...WAIT });
    expect(await menuButton.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-haspopup'))).toBe('menu');

    // A pointer opens it too; its items go where they say.
    await page.goto(`${suite.server.url}/`);
    await menuButton.click();
    await menu.getByRole('menuitem', { name: 'Account' }).click();
    await page.waitForURL(`${suite.server.url}/account`, WAIT);
    await menuButton.click();
    await menu.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).first().waitFor(WAIT);
    expect(await signedInUser(page)).toBeNull();
  });

  it('keeps one row for a reader with a long name at 375 px', async () => {
    const { page } = await openAccount(PHONE);
    await registerHere(page, uniqueName('a_rather_long_username_'));
    await page.getByRole('button', { name: /^Account menu/ }).waitFor(WAIT);
    const row = await headerRow(page);
    expect(row.oneRow).toBe(true);
    expect(row.height).toBeLessThan(70);
    await page.setViewportSize(DESKTOP);
    expect((await headerRow(page)).oneRow).toBe(true);
  });
});
