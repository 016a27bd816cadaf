import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, uniqueName } from './browser.js';
import { browserSuite } from './suite.js';

// Generous: CI machines and busy laptops are slow; passing runs never wait this long.
const WAIT = { timeout: 30_000 };
const PHONE = { width: 375, height: 812 };

const suite = browserSuite();

async function openArticle(locale?: string): Promise<Page> {
  const context = await suite.newContext({ viewport: PHONE, ...(locale && { locale }) });
  const page = await context.newPage();
  await page.goto(suite.server.url);
  await page.getByRole('heading', { level: 1 }).waitFor(WAIT);
  return page;
}

/** What a screen reader reads with a field: the text of the elements its aria-describedby names. */
async function describedText(page: Page, label: string): Promise<string> {
  return page.getByLabel(label, { exact: true }).evaluate((input) =>
    (input.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
      .join(' '),
  );
}

describe('errors a person can act on', () => {
  it('says "Use at least 8 characters." beside the password field, and the reader can fix it there', async () => {
    const page = await openArticle();
    const form = page.getByRole('region', { name: 'Sign in to join the discussion' });
    await form.getByLabel('Username').fill(uniqueName('ada'));
    await form.getByLabel('Password').fill('short');
    await form.getByRole('button', { name: 'Create account' }).click();

    const problem = form.getByText('Use at least 8 characters.');
    await problem.waitFor(WAIT);
    expect(await form.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    expect(await describedText(page, 'Password')).toBe('Use at least 8 characters.');
    // Beside the field: right under the password input, and focus is on it.
    const input = await form.getByLabel('Password').boundingBox();
    const message = await problem.boundingBox();
    expect(message!.y).toBeGreaterThanOrEqual(input!.y + input!.height - 1);
    expect(message!.y - (input!.y + input!.height)).toBeLessThan(24);
    expect(await form.getByLabel('Password').evaluate((element) => element === document.activeElement)).toBe(
      true,
    );
    expect(await page.getByText(/Invalid request/).count()).toBe(0);

    await form.getByLabel('Password').fill('long enough now');
    await form.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('textbox', { name: 'Comment' }).waitFor(WAIT);
  });

  it('words the form’s own check and the API’s beside the fields in the page’s language (German)', async () => {
    const page = await openArticle('de-DE');
    const form = page.getByRole('region', { name: 'Melden Sie sich an, um mitzudiskutieren' });
    await form.waitFor(WAIT);
    await form.getByLabel('Passwort').fill('short');
    await form.getByRole('button', { name: 'Anmelden' }).click();

    // Checked in the page before anything is sent: the username is missing.
    await form.getByText('Geben Sie Ihren Benutzernamen ein.').waitFor(WAIT);
    expect(await form.getByLabel('Benutzername').getAttribute('aria-invalid')).toBe('true');
    expect(await describedText(page, 'Benutzername')).toBe('Geben Sie Ihren Benutzernamen ein.');

    // Refused by the API, which answers in the language the page asks for.
    await form.getByLabel('Benutzername').fill(uniqueName('ada'));
    await form.getByRole('button', { name: 'Konto erstellen' }).click();
    await form.getByText('Verwenden Sie mindestens 8 Zeichen.').waitFor(WAIT);
    expect(await describedText(page, 'Passwort')).toBe('Verwenden Sie mindestens 8 Zeichen.');
    expect(await form.getByLabel('Benutzername').getAttribute('aria-invalid')).toBeNull();
    await screenshot(page, 'field-errors-de');
  });

  it('shows the shape of the comments while they load, then the comments', async () => {
    const context = await suite.newContext({ viewport: PHONE });
    const page = await context.newPage();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/stories/*/comments**', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(suite.server.url);

    // The article's own placeholder may come first; wait for the comments' one, then hold it there.
    const loading = page.getByRole('status').filter({ hasText: 'Loading comments…' });
    await loading.first().waitFor({ state: 'attached', ...WAIT });
    expect(await loading.count()).toBe(1);
    const skeleton = page.getByTestId('loading-skeleton');
    release();
    await skeleton.first().waitFor({ state: 'detached', ...WAIT });
    await page.getByRole('heading', { name: /\d+ comments?/ }).waitFor(WAIT);
  });
});
