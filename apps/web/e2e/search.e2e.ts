import type { BrowserContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, uniqueName } from './browser.js';
import { browserSuite } from './suite.js';

const WAIT = { timeout: 15_000 };
const DESKTOP = { width: 1280, height: 900 };
const STORY = 'lavrov-west-balkans-bridgehead';
const PASSWORD = 'correct horse battery';

const suite = browserSuite();
const origin = () => ({ origin: suite.server.url });

/** A new account, signed in in its own context; returns its id too. */
async function signedUp(username: string): Promise<{ context: BrowserContext; id: string }> {
  const context = await suite.newContext({ viewport: DESKTOP });
  const response = await context.request.post(`${suite.server.url}/api/auth/register`, {
    data: { username, password: PASSWORD },
    headers: origin(),
  });
  expect(response.status()).toBe(201);
  return { context, id: ((await response.json()) as { id: string }).id };
}

async function post(context: BrowserContext, body: string): Promise<string> {
  const response = await context.request.post(`${suite.server.url}/api/stories/${STORY}/comments`, {
    data: { body, clientId: crypto.randomUUID() },
    headers: origin(),
  });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { comment: { id: string } }).comment.id;
}

/** Types `text` into the Search tab's box, searches, and waits for the answer. */
async function search(page: Page, text: string): Promise<Locator> {
  const form = page.getByRole('search');
  await form.getByRole('searchbox', { name: /^Words/ }).fill(text);
  // The previous search's results stay until the answer comes: wait for the answer itself.
  const answered = page.waitForResponse(
    (response) => response.url().includes('/api/moderation/search?'),
    WAIT,
  );
  await form.getByRole('button', { name: 'Search' }).click();
  expect((await answered).status()).toBe(200);
  await form.getByRole('button', { name: 'Search' }).waitFor(WAIT);
  const results = page.getByRole('listitem');
  await results.or(page.getByText('No comments match.')).first().waitFor(WAIT);
  return results;
}

async function bodiesOf(results: Locator): Promise<string[]> {
  return (await results.locator('.body').allTextContents()).map((text) => text.trim());
}

describe('moderators’ search', () => {
  it('finds a Russian comment by a word, a phrase and a prefix, and by its author, and opens it; a reader is refused', async () => {
    const olga = uniqueName('olga');
    const ivan = uniqueName('ivan');
    const writer = await signedUp(olga);
    const other = await signedUp(ivan);
    const found = 'Газопровод через Балканы — это мост между Москвой и Белградом.';
    // The same words, not in that order: a word search finds both, the phrase only the first.
    const decoy = 'Между тем газопровод никто не строит, а мост стоит.';
    const foundId = await post(writer.context, found);
    await post(other.context, decoy);

    // A moderator, made one by the admin, opens the Search tab.
    const moderatorName = uniqueName('desk');
    const moderator = await signedUp(moderatorName);
    const admin = await suite.newContext();
    expect(
      (
        await admin.request.post(`${suite.server.url}/api/auth/login`, {
          data: suite.server.admin,
          headers: origin(),
        })
      ).status(),
    ).toBe(200);
    const promoted = await admin.request.post(
      `${suite.server.url}/api/moderation/users/${moderator.id}/role`,
      {
        data: { role: 'moderator' },
        headers: origin(),
      },
    );
    expect(promoted.status()).toBe(200);
    const page = await moderator.context.newPage();
    await page.goto(`${suite.server.url}/moderate?view=search`);
    await page.getByRole('heading', { name: 'Search comments', level: 2 }).waitFor(WAIT);

    // A word, in another case than written: both comments hold it.
    expect((await bodiesOf(await search(page, 'ГАЗОПРОВОД'))).sort()).toEqual([found, decoy].sort());
    // A phrase: those words in that order, so only the first.
    expect(await bodiesOf(await search(page, '"мост между"'))).toEqual([found]);
    // A prefix: `Белград*` finds `Белградом`, which the whole word alone would not.
    expect(await bodiesOf(await search(page, 'Белград*'))).toEqual([found]);
    expect(await bodiesOf(await search(page, 'Белград'))).toEqual([]);
    await page.getByText('No comments match.').waitFor(WAIT);
    // By author: the author's name as the text lists that author's comments alone.
    const byAuthor = await search(page, olga);
    expect(await bodiesOf(byAuthor)).toEqual([found]);
    expect(await byAuthor.getByRole('button', { name: `@${olga}` }).count()).toBe(1);
    await screenshot(page, 'search-results-1280');

    // The result opens its comment.
    await byAuthor
      .getByRole('link', { name: /^Open the comment on / })
      .first()
      .click();
    await page.waitForURL(new RegExp(`/comments/${foundId}$`), WAIT);
    await page.locator(`#comment-${foundId}`).getByText(found).waitFor(WAIT);

    // A reader cannot search: the API refuses, and the page asks for a staff account.
    const refused = await other.context.request.get(
      `${suite.server.url}/api/moderation/search?q=${encodeURIComponent('газопровод')}`,
    );
    expect(refused.status()).toBe(403);
    const readerPage = await other.context.newPage();
    await readerPage.goto(`${suite.server.url}/moderate?view=search`);
    await readerPage.getByText('You need a moderator account to use this page.').waitFor(WAIT);
    expect(await readerPage.getByRole('search').count()).toBe(0);
  });
});
