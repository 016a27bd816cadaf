import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const SCREENSHOTS = fileURLToPath(new URL('../test-results/', import.meta.url));

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/** Polls until the locator matches nothing (playwright-core has no auto-waiting expect). */
export async function waitForGone(locator: Locator, timeout = 30_000): Promise<void> {
  await locator.first().waitFor({ state: 'detached', timeout });
}

export function uniqueName(prefix: string): string {
  return `${prefix}${Math.random().toString(36).slice(2, 8)}`;
}

/** Registers through the inline sign-in form, as a person would. */
export async function registerInPage(
  page: Page,
  username: string,
  options: { displayName?: string } = {},
): Promise<void> {
  const form = page.getByRole('region', { name: 'Sign in to join the discussion' });
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Password').fill('correct horse battery');
  if (options.displayName) {
    await form.getByRole('button', { name: 'Add a display name' }).click();
    await form.getByLabel('Display name').fill(options.displayName);
  }
  await form.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('textbox', { name: 'Comment' }).waitFor();
}
