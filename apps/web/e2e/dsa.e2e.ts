import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, uniqueName } from './browser.js';
import { browserSuite } from './suite.js';

const WAIT = { timeout: 15_000 };
const PHONE = { width: 375, height: 812 };
const STORY = 'lavrov-west-balkans-bridgehead';
const PASSWORD = 'correct horse battery';

const suite = browserSuite();
const origin = () => ({ origin: suite.server.url });

async function register(username: string): Promise<{ context: BrowserContext; id: string }> {
  const context = await suite.newContext();
  const response = await context.request.post(`${suite.server.url}/api/auth/register`, {
    data: { username, password: PASSWORD },
    headers: origin(),
  });
  expect(response.status()).toBe(201);
  return { context, id: ((await response.json()) as { id: string }).id };
}

async function signedIn(account: { username: string; password: string }): Promise<BrowserContext> {
  const context = await suite.newContext();
  const response = await context.request.post(`${suite.server.url}/api/auth/login`, {
    data: account,
    headers: origin(),
  });
  expect(response.status()).toBe(200);
  return context;
}

/** /moderate's Notices tab, live. */
async function notices(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${suite.server.url}/moderate?view=notices`);
  await page.getByRole('heading', { name: 'Moderation', level: 1 }).waitFor(WAIT);
  await page
    .getByRole('status')
    .filter({ hasText: /^Live$/ })
    .waitFor(WAIT);
  return page;
}

describe('notice and action (DSA)', () => {
  it('takes a visitor’s notice through a decision, shows the author the statement of reasons, and has another moderator decide the appeal', async () => {
    // A reader posts a comment.
    const writer = uniqueName('writer');
    const { context: writerContext } = await register(writer);
    const text = `The mayor of Bridgetown takes bribes, says ${writer}`;
    const posted = await writerContext.request.post(`${suite.server.url}/api/stories/${STORY}/comments`, {
      data: { body: text, clientId: crypto.randomUUID() },
      headers: origin(),
    });
    expect(posted.status()).toBe(201);

    // A second moderator, made one by the admin.
    const colleague = uniqueName('colleague');
    const { id: colleagueId } = await register(colleague);
    const adminContext = await signedIn(suite.server.admin);
    const promoted = await adminContext.request.post(
      `${suite.server.url}/api/moderation/users/${colleagueId}/role`,
      { data: { role: 'moderator' }, headers: origin() },
    );
    expect(promoted.status()).toBe(200);
    const desk = await notices(adminContext);

    // A visitor, not signed in, reports it as illegal content from the comment's Report button.
    const visitor = await (await suite.newContext()).newPage();
    await visitor.goto(`${suite.server.url}/stories/${STORY}`);
    const comment = visitor.getByRole('article').filter({ hasText: text }).first();
    await comment.waitFor(WAIT);
    await comment.getByRole('button', { name: 'Report' }).click();
    const dialog = visitor.getByRole('dialog', { name: /Report illegal content/ });
    await dialog.waitFor(WAIT);
    await dialog.getByLabel('Kind of illegal content').selectOption('defamation');
    await dialog
      .getByLabel(/Why is it illegal/)
      .fill('It accuses the mayor of a crime by name, with no basis.');
    await dialog.getByLabel('Your name').fill('Ana Petrović');
    await dialog.getByLabel('Your email').fill('ana@example.org');
    await dialog.getByLabel(/good faith/).check();
    await screenshot(visitor, 'dsa-illegal-content-form-1280');
    await dialog.getByRole('button', { name: 'Send notice' }).click();
    await dialog.getByText('Notice received.').waitFor(WAIT);
    const noticeId = (await dialog.locator('code').textContent())!.trim();

    // It reaches the moderator's Notices tab live; a moderator takes it under review and decides.
    const card = desk.getByRole('article', { name: 'Notice: Defamation' }).filter({ hasText: text });
    await card.waitFor(WAIT);
    await card.getByRole('button', { name: 'Take under review' }).click();
    await card.getByText('Under review', { exact: true }).waitFor(WAIT);
    await card.getByRole('radio', { name: 'Removed' }).check();
    await card
      .getByLabel('Facts and circumstances')
      .fill('The comment names the mayor and alleges bribery without evidence.');
    await card.getByLabel('Legal or terms ground').fill('Defamation (Criminal Code, section 185)');
    await screenshot(desk, 'dsa-notice-decision-1280');
    await card.getByRole('button', { name: 'Send decision and statement of reasons' }).click();
    await card.waitFor({ state: 'detached', ...WAIT });

    // The author reads the statement of reasons and appeals.
    const author = await writerContext.newPage();
    await author.goto(`${suite.server.url}/appeal/${noticeId}`);
    await author.getByRole('heading', { name: 'Statement of reasons' }).waitFor(WAIT);
    await author.getByText('The comment names the mayor and alleges bribery without evidence.').waitFor(WAIT);
    await author.getByText('Defamation (Criminal Code, section 185)').waitFor(WAIT);
    await author
      .getByLabel('Why should the decision change?')
      .fill('The mayor was convicted last year; it is true.');
    await author.getByRole('button', { name: 'Send appeal' }).click();
    await author.getByText(/We received your appeal/).waitFor(WAIT);
    await screenshot(author, 'dsa-statement-1280');

    // The moderator who decided may not decide the appeal; another one reverses it.
    const appealOnDesk = desk
      .getByRole('article', { name: 'Appeal by the author' })
      .filter({ hasText: 'convicted last year' });
    await appealOnDesk
      .getByText('You decided this notice: another moderator must decide the appeal.')
      .waitFor(WAIT);
    const other = await notices(await signedIn({ username: colleague, password: PASSWORD }));
    const appeal = other
      .getByRole('article', { name: 'Appeal by the author' })
      .filter({ hasText: 'convicted last year' });
    await appeal.getByRole('radio', { name: 'Decision reversed' }).check();
    await appeal
      .getByLabel('Reasons for the outcome')
      .fill('The conviction is public record: the comment is true.');
    await appeal.getByRole('button', { name: 'Decide appeal' }).click();
    await appeal.waitFor({ state: 'detached', ...WAIT });
    await appealOnDesk.waitFor({ state: 'detached', ...WAIT });

    // The author sees the outcome; the comment is back for readers.
    await author.reload();
    await author.getByText('Decision reversed').waitFor(WAIT);
    await visitor.reload();
    await visitor.getByRole('article').filter({ hasText: text }).first().waitFor(WAIT);

    // On a phone, the Notices tab and the statement fit the screen.
    const phoneContext = await suite.newContext({ viewport: PHONE });
    const phoneLogin = await phoneContext.request.post(`${suite.server.url}/api/auth/login`, {
      data: suite.server.admin,
      headers: origin(),
    });
    expect(phoneLogin.status()).toBe(200);
    const phone = await phoneContext.newPage();
    await phone.goto(`${suite.server.url}/moderate?view=notices`);
    await phone.getByRole('group', { name: 'Show notices' }).waitFor(WAIT);
    await screenshot(phone, 'dsa-notices-375');
    const overflow = await phone.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
