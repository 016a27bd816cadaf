import { fileURLToPath } from 'node:url';
import type { APIRequestContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, uniqueName } from './browser.js';
import { browserSuite } from './suite.js';

const WAIT = { timeout: 30_000 };
const DISQUS = fileURLToPath(new URL('../../api/test/fixtures/import/disqus.xml', import.meta.url));

const suite = browserSuite();

/** A signed-in page on /moderate (the session cookie set through the API, as in the other files). */
async function signedInPage(
  credentials: { username: string; password: string },
  width: number,
): Promise<{ page: Page; request: APIRequestContext }> {
  const context = await suite.newContext({ viewport: { width, height: 900 } });
  const login = await context.request.post(`${suite.server.url}/api/auth/login`, {
    data: credentials,
    headers: { origin: suite.server.url },
  });
  expect(login.status()).toBe(200);
  const page = await context.newPage();
  await page.goto(`${suite.server.url}/moderate`);
  await page.getByRole('heading', { name: 'Moderation', level: 1 }).waitFor(WAIT);
  return { page, request: context.request };
}

async function openImportTab(page: Page) {
  await page
    .getByRole('navigation', { name: 'Moderation sections' })
    .getByRole('link', { name: 'Import' })
    .click();
  return page.getByRole('region', { name: 'Import comments' });
}

describe('The Import tab', () => {
  it('lets an admin upload a Disqus export, follow the job and read its report', async () => {
    const { page } = await signedInPage(suite.server.admin, 1280);
    const tab = await openImportTab(page);
    await tab.getByText('No imports yet').waitFor(WAIT);

    await tab.getByRole('radio', { name: /Disqus/ }).check();
    await tab.getByLabel('Export file').setInputFiles(DISQUS);
    await tab.getByRole('button', { name: 'Upload and import' }).click();
    await tab
      .getByRole('status')
      .filter({ hasText: 'Uploaded disqus.xml: the import is queued.' })
      .waitFor(WAIT);

    const job = tab.getByRole('listitem', { name: 'disqus.xml: Done' });
    await job.waitFor(WAIT);
    const report = job.getByRole('definition');
    expect(await report.first().textContent()).toMatch(/^\d+ created, 0 already imported$/);
    await job.getByText('Why posts were skipped').waitFor(WAIT);
    // The details are worded from the catalogue (reason codes in the job), as the CLI would say them in English.
    await job.getByText('What was left out, and how long it took').click();
    await job.getByText('post 104 (line 85): deleted, with no replies').waitFor(WAIT);
    await job.getByText(/^Took \d/).waitFor(WAIT);
    await screenshot(page, 'imports-1280');

    // The same file again adds nothing: every comment was already imported.
    await tab.getByLabel('Export file').setInputFiles(DISQUS);
    await tab.getByRole('button', { name: 'Upload and import' }).click();
    await tab.getByRole('listitem', { name: 'disqus.xml: Done' }).nth(1).waitFor(WAIT);
    const second = tab.getByRole('listitem', { name: 'disqus.xml: Done' }).first().getByRole('definition');
    expect(await second.first().textContent()).toMatch(/^0 created, [1-9]\d* already imported$/);

    await page.setViewportSize({ width: 375, height: 800 });
    await screenshot(page, 'imports-375');
  });

  it('is not offered to a moderator who is not an admin, and the route answers 403', async () => {
    const { request: admin } = await signedInPage(suite.server.admin, 1280);
    const username = uniqueName('mod');
    const password = 'moderator-password-1';
    const registered = await admin.post(`${suite.server.url}/api/auth/register`, {
      data: { username, password },
      headers: { origin: suite.server.url },
    });
    expect(registered.status()).toBe(201);
    const { id } = (await registered.json()) as { id: string };
    // The register call signed the admin's context in as the new reader: sign the admin in again.
    await admin.post(`${suite.server.url}/api/auth/login`, {
      data: suite.server.admin,
      headers: { origin: suite.server.url },
    });
    const promoted = await admin.post(`${suite.server.url}/api/moderation/users/${id}/role`, {
      data: { role: 'moderator' },
      headers: { origin: suite.server.url },
    });
    expect(promoted.status()).toBe(200);

    const { page, request } = await signedInPage({ username, password }, 1280);
    const sections = page.getByRole('navigation', { name: 'Moderation sections' });
    await sections.getByRole('link', { name: 'Log' }).waitFor(WAIT);
    expect(await sections.getByRole('link', { name: 'Import' }).count()).toBe(0);
    // A shared link to the tab lands on the queues instead.
    await page.goto(`${suite.server.url}/moderate?view=imports`);
    await page.getByRole('tablist', { name: 'Queues' }).waitFor(WAIT);
    expect(await page.getByRole('region', { name: 'Import comments' }).count()).toBe(0);

    const refused = await request.post(
      `${suite.server.url}/api/moderation/imports?format=disqus&fileName=x.xml`,
      {
        data: Buffer.from('<disqus/>'),
        headers: { origin: suite.server.url, 'content-type': 'application/octet-stream' },
      },
    );
    expect(refused.status()).toBe(403);
  });
});
