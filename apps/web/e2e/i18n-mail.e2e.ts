import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { screenshot, uniqueName } from './browser.js';
import { VERIFY_LINK, confirmMailedAddress, mailingBrowserSuite } from './mail-suite.js';

// Issue 22: a reader picks Русский on the account page, the page switches to it, and the mail the
// reader then gets about a reply comes, through a real SMTP server, in Russian.

const WAIT = { timeout: 30_000 };
const SLUG = 'lavrov-west-balkans-bridgehead';

const { suite, mail } = mailingBrowserSuite();

describe('languages', () => {
  it('switches the account page to Russian when the reader picks it, and mails them a reply in Russian', async () => {
    const context = await suite.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const username = uniqueName('rus');
    const address = `${username}@example.test`;
    await page.goto(`${suite.server.url}/account`);
    const form = page.getByRole('region', { name: 'Sign in to join the discussion' });
    await form.getByLabel('Username').fill(username);
    await form.getByLabel('Password').fill('correct horse battery');
    await form.getByRole('button', { name: 'Create account' }).click();
    const profile = page.getByRole('region', { name: 'Profile' });
    await profile.getByLabel('Email address').fill(address);
    await profile.getByRole('button', { name: 'Save email' }).click();
    await confirmMailedAddress(page, mail, address);

    await page.goto(`${suite.server.url}/account`);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    const language = page.getByRole('region', { name: 'Language' }).getByRole('combobox');
    await language.selectOption({ label: 'Русский' });
    await page.waitForFunction(() => document.documentElement.lang === 'ru', undefined, WAIT);
    await screenshot(page, 'account-language-ru-1280');
    // Saved: a new visit starts in it, whatever the browser asks for.
    await page.reload();
    await page.waitForFunction(() => document.documentElement.lang === 'ru', undefined, WAIT);
    // The account page now speaks Russian, its language card too.
    expect(await page.getByRole('region', { name: 'Язык' }).getByRole('combobox').inputValue()).toBe('ru');

    // Their comment, and another reader's reply to it (through the API, as that reader's browser would).
    const origin = { origin: suite.server.url };
    const parent = await page.request.post(`${suite.server.url}/api/stories/${SLUG}/comments`, {
      headers: origin,
      data: { body: 'Мост нужен городу.', clientId: crypto.randomUUID() },
    });
    expect(parent.status()).toBe(201);
    const other = (await suite.newContext()).request;
    const registered = await other.post(`${suite.server.url}/api/auth/register`, {
      headers: origin,
      data: { username: uniqueName('rhea'), password: 'correct horse battery', displayName: 'Rhea' },
    });
    expect(registered.status()).toBe(201);
    const reply = await other.post(`${suite.server.url}/api/stories/${SLUG}/comments`, {
      headers: origin,
      data: {
        body: 'A bridge would help.',
        parentId: ((await parent.json()) as { comment: { id: string } }).comment.id,
        clientId: crypto.randomUUID(),
      },
    });
    expect(reply.status()).toBe(201);
    expect(await reply.json()).toMatchObject({ comment: { status: 'published' } });

    const caught = await mail.find(address, (candidate) => !VERIFY_LINK.test(candidate.text));
    const parsed = await PostalMime.parse(caught.raw);
    expect(parsed.subject).toMatch(/^Rhea ответил\(а\) на ваш комментарий к «.+»$/);
    expect(parsed.text).toContain('Открыть комментарий');
  });
});
