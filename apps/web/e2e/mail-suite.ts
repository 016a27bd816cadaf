import type { Page } from 'playwright-core';
import { afterAll } from 'vitest';
import { MailCatcher } from './mail.js';
import { browserSuite, type BrowserSuite } from './suite.js';

/** The confirmation link in a verification mail (PARLEY_PUBLIC_URL is the test server itself). */
export const VERIFY_LINK = /http:\/\/127\.0\.0\.1:\d+\/api\/auth\/verify-email\?token=[\w%-]+/;

/**
 * A browser suite whose Parley mails through a catcher on this machine, its outbox polled often.
 * `prepare` then runs with the server's environment (the file's own variables, an operator's
 * commands). The catcher stops after the server.
 */
export function mailingBrowserSuite(prepare?: (env: NodeJS.ProcessEnv) => Promise<void>): {
  suite: BrowserSuite;
  mail: MailCatcher;
} {
  const mail = new MailCatcher();
  afterAll(() => mail.stop());
  const suite = browserSuite({
    prepare: async (env) => {
      await mail.start();
      env.SMTP_URL = mail.url;
      env.PARLEY_PUBLIC_URL = `http://127.0.0.1:${env.PORT}`;
      env.PARLEY_OUTBOX_POLL_MS = '100';
      await prepare?.(env);
    },
  });
  return { suite, mail };
}

/** Opens the confirmation link mailed to `address` and presses its page's button, as the reader would. */
export async function confirmMailedAddress(page: Page, mail: MailCatcher, address: string): Promise<void> {
  await page.goto(await mail.link(address, VERIFY_LINK));
  await page.getByRole('button', { name: 'Confirm my email address' }).click();
  await page.getByText('confirmed', { exact: false }).first().waitFor({ timeout: 30_000 });
}
