import { request, type Page, type WebSocketRoute } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { registerInPage, screenshot, uniqueName, waitForGone } from './browser.js';
import { browserSuite } from './suite.js';

// Generous: CI machines and busy laptops are slow; passing runs never wait this long.
const WAIT = { timeout: 30_000 };
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
const ARTICLE = 'lavrov-west-balkans-bridgehead';

const suite = browserSuite();

async function openPage(viewport = DESKTOP, path = '/'): Promise<Page> {
  const context = await suite.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${suite.server.url}${path}`);
  await page.getByRole('heading', { level: 1 }).waitFor(WAIT);
  return page;
}

/** The page is in the article room: the reader count is shown once the join is acknowledged. */
async function waitUntilLive(page: Page): Promise<void> {
  await page.getByText(/\d+ reading now/).waitFor(WAIT);
}

describe('the discussion under an article', () => {
  it("shows one reader's comment, reply, edit and delete to another without a reload", async () => {
    const alice = uniqueName('alice');
    const bob = uniqueName('bob');
    const aliceName = `Alice ${alice.slice(-4)}`;
    const original = `First! Balkans take from ${alice}`;
    const edited = `Edited: a more careful take from ${alice}`;
    const replyText = `Reply from ${bob} to Alice`;

    const pageB = await openPage();
    await waitUntilLive(pageB);
    const pageA = await openPage();
    await waitUntilLive(pageA);

    // A registers and posts.
    await registerInPage(pageA, alice, { displayName: aliceName });
    await pageA.getByRole('navigation', { name: 'Account' }).getByText(aliceName).waitFor(WAIT);
    await pageA.getByRole('textbox', { name: 'Comment' }).fill(original);
    await pageA.getByRole('button', { name: /Post/ }).click();
    const aliceOnA = pageA.getByRole('article', { name: `Comment by ${aliceName}` });
    await aliceOnA.getByText(original).waitFor(WAIT);
    expect(await pageA.getByRole('textbox', { name: 'Comment' }).inputValue()).toBe('');

    // B sees it arrive, behind the "new comments" button or in place.
    const newButton = pageB.getByRole('button', { name: /Show \d+ new comments?/ });
    const aliceOnB = pageB.getByRole('article', { name: `Comment by ${aliceName}` });
    await newButton.or(aliceOnB).first().waitFor(WAIT);
    if (await newButton.isVisible()) {
      await screenshot(pageB, 'live-new-comments-button-1280');
      await newButton.click();
    }
    await aliceOnB.getByText(original).waitFor(WAIT);
    expect(await pageB.getByRole('heading', { name: /comments?$/, level: 2 }).textContent()).toMatch(
      /^\d+ comments?$/,
    );

    // B signs up and replies.
    await registerInPage(pageB, bob);
    await aliceOnB.getByRole('button', { name: 'Reply' }).first().click();
    await aliceOnB.getByRole('textbox', { name: 'Reply' }).fill(replyText);
    await aliceOnB.getByRole('button', { name: /Post reply/ }).click();
    await aliceOnB
      .getByRole('article', { name: `Comment by ${bob}` })
      .getByText(replyText)
      .waitFor(WAIT);

    // A sees the reply nested under her comment, live.
    const bobUnderAlice = aliceOnA.getByRole('article', { name: `Comment by ${bob}` });
    await bobUnderAlice.getByText(replyText).waitFor(WAIT);
    await screenshot(pageA, 'live-reply-1280');

    // B likes A's comment; the count updates for A live.
    const likeOnB = aliceOnB.getByRole('button', { name: /Like/ }).first();
    expect(await likeOnB.getAttribute('aria-pressed')).toBe('false');
    await likeOnB.click();
    await expect.poll(() => likeOnB.getAttribute('aria-pressed'), WAIT).toBe('true');
    const likeOnA = aliceOnA.getByRole('button', { name: /Like/ }).first();
    await expect.poll(() => likeOnA.textContent(), WAIT).toMatch(/Like\s*1/);
    expect(await likeOnA.getAttribute('aria-pressed')).toBe('false');

    // A edits; B sees the edit.
    await aliceOnA.getByRole('button', { name: 'Edit', exact: true }).click();
    const editBox = aliceOnA.getByRole('textbox', { name: 'Edit comment' });
    await editBox.fill(edited);
    await aliceOnA.getByRole('button', { name: 'Save' }).click();
    await aliceOnA.getByText(edited).waitFor(WAIT);
    await aliceOnB.getByText(edited).waitFor(WAIT);
    await aliceOnB.getByText('(edited)').first().waitFor(WAIT);
    expect(await pageB.getByText(original).count()).toBe(0);

    // A deletes; B sees it go (a placeholder remains, because Bob replied).
    await aliceOnA.getByRole('button', { name: 'Delete', exact: true }).click();
    await aliceOnA.getByRole('button', { name: 'Yes, delete' }).click();
    await waitForGone(pageB.getByText(edited));
    await pageB.getByRole('article', { name: 'Deleted comment' }).getByText(replyText).waitFor(WAIT);
    await pageA.getByRole('article', { name: 'Deleted comment' }).waitFor(WAIT);
    await screenshot(pageB, 'deleted-placeholder-1280');
  });

  it('renders hostile comment text as inert text', async () => {
    const corpus = [
      '<script>alert("xss-script")</script>',
      '<img src=x onerror=alert("xss-img")>',
      '<a href="javascript:alert(1)">click me</a>',
      'javascript:alert("xss-proto")',
      '[x](javascript:alert(1))',
      '<b>broken <i>markup <div',
      '"><svg onload=alert("xss-svg")>',
      '<iframe src="javascript:alert(1)"></iframe> **still bold**',
    ];
    // One author per comment keeps clear of the per-user posting interval.
    for (const body of corpus) await postAs(uniqueName('mallory'), body);

    const context = await suite.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${suite.server.url}/`);
    await page.getByRole('heading', { level: 1 }).waitFor(WAIT);

    for (const body of corpus.slice(0, -1)) {
      await page.getByText(body, { exact: true }).first().waitFor(WAIT);
    }
    await page.locator('.comment-body strong', { hasText: 'still bold' }).waitFor(WAIT);
    const injected = await page
      .locator(
        'main script, main img, main svg, main iframe, main .comment-body b, main .comment-body i, main .comment-body div',
      )
      .count();
    expect(injected).toBe(0);
    expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
    await screenshot(page, 'xss-corpus-1280');
    expect(dialogs).toEqual([]);
  });

  it('keeps a draft through a failed post and retries it as the same comment', async () => {
    const page = await openPage();
    await waitUntilLive(page);
    await registerInPage(page, uniqueName('carol'));
    const text = `Retry me once ${uniqueName('')}`;

    // The server stores the first attempt but the browser never hears back (a dropped response).
    let dropped = false;
    await page.route('**/api/stories/*/comments', async (route) => {
      if (route.request().method() === 'POST' && !dropped) {
        dropped = true;
        await route.fetch();
        await route.abort('failed');
        return;
      }
      await route.fallback();
    });

    const composer = page.getByRole('textbox', { name: 'Comment' });
    await composer.fill(text);
    await page.getByRole('button', { name: /Post/ }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'not posted' });
    await alert.waitFor(WAIT);
    expect(await composer.inputValue()).toBe(text);

    // The draft survives a reload too.
    await page.reload();
    await page.getByRole('textbox', { name: 'Comment' }).waitFor(WAIT);
    expect(await page.getByRole('textbox', { name: 'Comment' }).inputValue()).toBe(text);

    dropped = false;
    await page.getByRole('button', { name: /Post/ }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'not posted' })
      .getByRole('button', { name: 'Retry' })
      .click();
    await page.getByRole('article').filter({ hasText: text }).first().waitFor(WAIT);
    await expect.poll(() => page.getByRole('textbox', { name: 'Comment' }).inputValue(), WAIT).toBe('');

    const response = await page.request.get(
      `${suite.server.url}/api/stories/${ARTICLE}/comments?sort=newest&limit=100`,
    );
    const listed = (await response.json()) as { items: { body: string }[] };
    expect(listed.items.filter((item) => item.body === text)).toHaveLength(1);
    expect(await page.getByText(text, { exact: true }).count()).toBe(1);
  });

  it('scrolls to and highlights a permalinked comment, fetching it when it is not on the page', async () => {
    const root = await postAs(uniqueName('root'), `Root of a long thread ${uniqueName('')}`);
    const replies: PostedComment[] = [];
    for (let index = 1; index <= 4; index += 1)
      replies.push(await postAs(uniqueName('replier'), `Sibling reply number ${index}`, root.id));
    const listed = await fetch(
      `${suite.server.url}/api/stories/${ARTICLE}/comments?sort=newest&limit=50`,
    ).then((response) => response.json() as Promise<{ items: { id: string; replies: { id: string }[] }[] }>);
    const nested = new Set(listed.items.find((item) => item.id === root.id)?.replies.map((item) => item.id));
    const hidden = replies.find((item) => !nested.has(item.id));
    expect(hidden, 'one reply is beyond the first replies of the page').toBeDefined();

    const page = await openPage(DESKTOP, `/articles/${ARTICLE}?comment=${hidden!.id}`);
    const target = page.locator(`#comment-${hidden!.id}`);
    await target.waitFor(WAIT);
    await expect
      .poll(() => target.evaluate((element) => element.classList.contains('comment-target')), WAIT)
      .toBe(true);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id), WAIT)
      .toBe(`comment-${hidden!.id}`);
    await screenshot(page, 'permalink-1280');

    // A reply deeper than the page indents continues in its own view, with the way back.
    let parent = root;
    const chain: PostedComment[] = [];
    for (let depth = 1; depth <= 5; depth += 1) {
      parent = await postAs(uniqueName('deep'), `Deep reply at level ${depth}`, parent.id);
      chain.push(parent);
    }
    const deepest = chain.at(-1)!;
    await page.goto(`${suite.server.url}/articles/${ARTICLE}?comment=${deepest.id}`);
    await page.waitForURL(/\/comments\/[0-9a-f-]+\?comment=/, WAIT);
    await page.locator(`#comment-${deepest.id}`).waitFor(WAIT);
    await page.getByRole('link', { name: /Back to the discussion/ }).waitFor(WAIT);
    await screenshot(page, 'continue-thread-1280');

    await page.goto(`${suite.server.url}/articles/${ARTICLE}?comment=${chain[2]!.id}`);
    const continueLink = page
      .locator(`#comment-${chain[2]!.id}`)
      .getByRole('link', { name: /Continue this thread/ });
    await continueLink.waitFor(WAIT);
    await continueLink.click();
    await page.waitForURL(new RegExp(`/comments/${chain[2]!.id}$`), WAIT);
    await page.getByText('Deep reply at level 5').waitFor(WAIT);
  });

  it('says when the live connection is lost and back, and catches up on what it missed', async () => {
    const context = await suite.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    // Stand between the page and the server's socket.io endpoint, to cut it at will.
    let offline = false;
    const open: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (offline) return void ws.close();
      // The client opens a websocket straight away (no long-polling first): it carries it all.
      open.push(ws);
      const toServer = ws.connectToServer();
      ws.onMessage((message) => toServer.send(message));
      toServer.onMessage((message) => ws.send(message));
    });
    await page.route(/\/socket\.io\//, (route) =>
      offline ? route.abort('internetdisconnected') : route.fallback(),
    );
    await page.goto(`${suite.server.url}/`);
    await waitUntilLive(page);
    await expect.poll(() => open.length, WAIT).toBeGreaterThan(0);

    offline = true;
    for (const ws of open.splice(0)) await ws.close();
    const status = page.getByRole('status').filter({ hasText: /connection lost/i });
    await status.waitFor(WAIT);
    await screenshot(page, 'connection-lost-1280');

    const missed = `Posted while you were away ${uniqueName('')}`;
    await postAs(uniqueName('away'), missed);
    offline = false;

    await page
      .getByRole('status')
      .filter({ hasText: /Live updates are back/ })
      .waitFor(WAIT);
    const newButton = page.getByRole('button', { name: /Show \d+ new comments?/ });
    await newButton.waitFor(WAIT);
    await newButton.click();
    await page.getByText(missed, { exact: true }).waitFor(WAIT);
    expect(await page.getByText(missed, { exact: true }).count()).toBe(1);
  });

  it('is usable at phone and desktop widths', async () => {
    const phone = await openPage(PHONE);
    await waitUntilLive(phone);
    await screenshot(phone, 'article-375');
    const overflow = await phone.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await registerInPage(phone, uniqueName('dana'));
    // By keyboard: focus the composer, type, Ctrl+Enter posts.
    await phone.getByRole('textbox', { name: 'Comment' }).focus();
    await phone.keyboard.type('Written on a phone, with a **bold** word and a link https://example.com/x');
    await phone.keyboard.press('Control+Enter');
    await phone.getByText('Written on a phone').waitFor(WAIT);
    const link = phone.getByRole('link', { name: 'https://example.com/x' });
    expect(await link.getAttribute('rel')).toBe('nofollow ugc noopener');
    expect(await link.getAttribute('target')).toBe('_blank');
    await screenshot(phone, 'signed-in-375');

    const desktop = await openPage(DESKTOP);
    await waitUntilLive(desktop);
    await screenshot(desktop, 'article-1280');
  });
});

interface PostedComment {
  id: string;
  depth: number;
  status: string;
}

/** Registers `username` through the API and posts one comment as them. */
async function postAs(username: string, body: string, parentId?: string): Promise<PostedComment> {
  const api = await request.newContext({
    baseURL: suite.server.url,
    extraHTTPHeaders: { origin: suite.server.url },
  });
  try {
    const registered = await api.post('/api/auth/register', {
      data: { username, password: 'correct horse battery' },
    });
    if (registered.status() !== 201)
      throw new Error(`Register answered ${registered.status()}: ${await registered.text()}`);
    const response = await api.post(`/api/stories/${ARTICLE}/comments`, {
      data: { body, parentId, clientId: crypto.randomUUID() },
    });
    if (response.status() !== 201)
      throw new Error(
        `Posting ${JSON.stringify(body)} answered ${response.status()}: ${await response.text()}`,
      );
    const { comment } = (await response.json()) as { comment: PostedComment };
    return comment;
  } finally {
    await api.dispose();
  }
}
