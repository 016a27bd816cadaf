import { request, type APIRequestContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, screenshot, uniqueName } from './browser.js';
import { browserSuite } from './suite.js';

const WAIT = { timeout: 15_000 };
const STORY = 'lavrov-west-balkans-bridgehead';
const PASSWORD = 'correct horse battery';

const suite = browserSuite();
const apis: APIRequestContext[] = [];

async function api(): Promise<APIRequestContext> {
  const context = await request.newContext({
    baseURL: suite.server.url,
    extraHTTPHeaders: { origin: suite.server.url },
  });
  apis.push(context);
  return context;
}

async function expectStatus(response: { status(): number; text(): Promise<string> }, status: number) {
  if (response.status() !== status)
    throw new Error(`answered ${response.status()}: ${await response.text()}`);
}

/** A fresh reader, signed in through the API: `{ api, id }`. */
async function reader(username = uniqueName('r')): Promise<{ client: APIRequestContext; id: string }> {
  const client = await api();
  const registered = await client.post('/api/auth/register', { data: { username, password: PASSWORD } });
  await expectStatus(registered, 201);
  return { client, id: ((await registered.json()) as { id: string }).id };
}

/** `count` comments on the front story, each by its own author (the posting interval is per author). */
async function postMany(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 10) {
    const batch = Array.from({ length: Math.min(10, count - start) }, async (_, index) => {
      const { client } = await reader();
      const posted = await client.post(`/api/stories/${STORY}/comments`, {
        data: { body: `Bulk take number ${start + index + 1}`, clientId: crypto.randomUUID() },
      });
      await expectStatus(posted, 201);
      return ((await posted.json()) as { comment: { id: string } }).comment.id;
    });
    ids.push(...(await Promise.all(batch)));
  }
  return ids;
}

async function moderatorPage(): Promise<Page> {
  const context = await suite.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${suite.server.url}/moderate?queue=unmoderated`);
  const signIn = page.getByRole('region', { name: 'Sign in with your moderator or admin account' });
  await signIn.getByLabel('Username').fill(suite.server.admin.username);
  await signIn.getByLabel('Password').fill(suite.server.admin.password);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: /^Live$/ })
    .waitFor(WAIT);
  return page;
}

afterAll(async () => {
  for (const context of apis) await context.dispose();
});

describe('bulk decisions', () => {
  let ids: string[];
  let second: { client: APIRequestContext; id: string; username: string };

  beforeAll(async () => {
    ids = await postMany(50);
    // A second moderator, made one by the admin.
    const username = uniqueName('bob');
    second = { ...(await reader(username)), username };
    const admin = await api();
    await expectStatus(
      await admin.post('/api/auth/login', {
        data: { username: suite.server.admin.username, password: suite.server.admin.password },
      }),
      200,
    );
    await expectStatus(
      await admin.post(`/api/moderation/users/${second.id}/role`, { data: { role: 'moderator' } }),
      200,
    );
    // A role change ends the account's sessions: the second moderator signs in again.
    await expectStatus(
      await second.client.post('/api/auth/login', { data: { username, password: PASSWORD } }),
      200,
    );
  });

  it('rejects 50 cards at once, reporting the one a second moderator approved meanwhile', async () => {
    const mod = await moderatorPage();
    const cards = mod.locator('[data-comment-id]');
    await expect.poll(() => cards.count(), WAIT).toBe(20);
    for (let loaded = 20; loaded < 50; loaded = await cards.count()) {
      await mod.getByRole('button', { name: 'Load more' }).click();
      await expect.poll(() => cards.count(), WAIT).toBeGreaterThan(loaded);
    }
    expect(await cards.count()).toBe(50);
    const bar = mod.getByRole('region', { name: /^Decide on \d+ selected$/ });

    // x toggles the focused card.
    await cards.first().focus();
    await mod.keyboard.press('x');
    await bar.getByText('1 selected').waitFor(WAIT);
    await mod.keyboard.press('x');
    await bar.waitFor({ state: 'detached', ...WAIT });

    // A click on the first checkbox, a shift-click on the last: all 50.
    await cards.first().getByRole('checkbox').click();
    await cards.last().scrollIntoViewIfNeeded();
    await cards
      .last()
      .getByRole('checkbox')
      .click({ modifiers: ['Shift'] });
    await bar.getByText('50 selected').waitFor(WAIT);
    expect(await mod.locator('[data-comment-id] input[type="checkbox"]:checked').count()).toBe(50);
    await cards.nth(2).scrollIntoViewIfNeeded();
    await mod.screenshot({ path: `${SCREENSHOTS}moderation-bulk-selected-1280.png` });

    // The second moderator approves one of them while the bulk request is on its way.
    const contested = (await cards.nth(24).getAttribute('data-comment-id'))!;
    let meanwhile: number | null = null;
    await mod.route('**/api/moderation/comments/bulk', async (route) => {
      const approve = second.client.post(`/api/moderation/comments/${contested}/approve`, { data: {} });
      meanwhile = await approve.then((response) => response.status()).catch(() => -1);
      await route.continue();
    });
    await bar.getByLabel('Reason').selectOption('spam');
    await bar.getByRole('button', { name: 'Reject all' }).click();

    const result = mod.getByTestId('bulk-result');
    await result.waitFor(WAIT);
    expect(meanwhile, "the second moderator's approval").toBe(200);
    expect(await result.textContent()).toBe(
      `Rejected 49 comments. 1 comment already decided by @${second.username}, left as it was.`,
    );
    await expect.poll(() => cards.count(), WAIT).toBe(0);
    await screenshot(mod, 'moderation-bulk-reject-1280');

    // The record: 49 rejected by the admin, the contested one still approved by the second moderator.
    const rejected = await mod.request.get(`${suite.server.url}/api/moderation/queues/rejected?limit=100`);
    const rejectedIds = ((await rejected.json()) as { items: { comment: { id: string } }[] }).items.map(
      (item) => item.comment.id,
    );
    expect(new Set(rejectedIds)).toEqual(new Set(ids.filter((id) => id !== contested)));
    const approved = await mod.request.get(`${suite.server.url}/api/moderation/queues/approved?limit=100`);
    expect(
      ((await approved.json()) as { items: { comment: { id: string }; decidedBy: string }[] }).items.map(
        (item) => [item.comment.id, item.decidedBy],
      ),
    ).toEqual([[contested, second.username]]);
  });
});
