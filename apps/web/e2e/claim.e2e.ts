import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { screenshot, uniqueName, waitForGone } from './browser.js';
import { confirmMailedAddress, mailingBrowserSuite } from './mail-suite.js';

// Issue 20, "beyond the peers": a site imports its Disqus comments; a reader who registers and
// confirms the address one of those authors used claims their comments, which then show under the
// reader's own name.

const WAIT = { timeout: 30_000 };
const CLI = fileURLToPath(new URL('../../api/dist/cli/parley.js', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/claim-disqus.xml', import.meta.url));
/** The address in the export is `Claire.E2E@example.test`: the reader types it in another letter case. */
const ADDRESS = 'claire.e2e@example.test';

const { suite, mail } = mailingBrowserSuite(async (env) => {
  // The operator's commands, before the site opens (the embedded database is one process's at a time).
  const run = (...args: string[]) => promisify(execFile)(process.execPath, [CLI, ...args], { env });
  await run('migrate');
  const { stdout } = await run('import', 'disqus', FIXTURE);
  expect(stdout).toContain('comments: 3 new');
});

describe('claiming imported comments', () => {
  it('offers a Disqus author’s comments to the reader who confirms their address, and shows them under the reader’s name', async () => {
    const context = await suite.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/account`);
    const form = page.getByRole('region', { name: 'Sign in to join the discussion' });
    await form.getByLabel('Username').fill(uniqueName('claire'));
    await form.getByLabel('Password').fill('correct horse battery');
    await form.getByRole('button', { name: 'Create account' }).click();
    const profile = page.getByRole('region', { name: 'Profile' });
    await profile.getByLabel('Display name').waitFor(WAIT);
    await profile.getByLabel('Display name').fill('Claire Reader');
    await profile.getByRole('button', { name: 'Save name' }).click();
    await profile.getByText('Saved.').first().waitFor(WAIT);

    // Unconfirmed, the address offers nothing.
    await profile.getByLabel('Email address').fill(ADDRESS);
    await profile.getByRole('button', { name: 'Save email' }).click();
    await profile.getByText('Not confirmed').waitFor(WAIT);
    expect(await page.getByRole('region', { name: 'Comments you wrote before' }).count()).toBe(0);

    // The confirmation mail's link, and its page's button, as the reader would use them.
    await confirmMailedAddress(page, mail, ADDRESS);

    await page.goto(`${suite.server.url}/account`);
    const claims = page.getByRole('region', { name: 'Comments you wrote before' });
    await claims.getByText('from Disqus as').waitFor(WAIT);
    await screenshot(page, 'account-claim-offer-1280');
    await claims.getByRole('button', { name: 'Claim 2 comments from Disqus as Claire from Disqus' }).click();
    const confirm = claims.getByRole('group', { name: 'Confirm claiming Claire from Disqus' });
    await confirm.getByText('This can’t be undone.', { exact: false }).waitFor(WAIT);
    await page.setViewportSize({ width: 375, height: 812 });
    await screenshot(page, 'account-claim-confirm-375');
    await page.setViewportSize({ width: 1280, height: 900 });
    await confirm.getByRole('button', { name: 'Yes, make them mine' }).click();
    await claims.getByText('2 comments from Disqus now show under your name.').waitFor(WAIT);

    // "Your comments" has them now; the discussion shows them under the reader's name.
    const mine = page.getByRole('region', { name: 'Your comments' });
    await mine.getByText('Less than the bridge would.').waitFor(WAIT);
    await mine.getByText('The harbour needs more ferries.').waitFor(WAIT);
    await mine.getByRole('link', { name: 'View in the discussion' }).last().click();
    await page.getByText('The harbour needs more ferries.').first().waitFor(WAIT);
    await page.getByText('Olaf Elsewhere').first().waitFor(WAIT);
    await page.getByText('Claire Reader').first().waitFor(WAIT);
    await waitForGone(page.getByText('Claire from Disqus'));
    await screenshot(page, 'account-claimed-discussion-1280');
  });
});
