import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot, uniqueName } from './browser.js';
import { browserSuite } from './suite.js';

/**
 * axe-core over every screen a reader and a moderator use, in both themes: the reader's story page,
 * the account page, and each /moderate tab, with content on them (a comment, a held comment, a
 * webhook, stories). Any violation of WCAG 2.x A/AA fails, naming the rule and the elements.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WAIT = { timeout: 30_000 };
const STORY = 'lavrov-west-balkans-bridgehead';
const TABS = ['queues', 'stories', 'settings', 'log', 'search', 'notices', 'webhooks', 'imports'] as const;
const DISQUS = fileURLToPath(new URL('../../api/test/fixtures/import/disqus.xml', import.meta.url));

// The webhook points at a closed port on this machine: nothing is delivered after it is made.
const suite = browserSuite({ env: { PARLEY_WEBHOOK_ALLOW_PRIVATE: 'true' } });
const origin = () => ({ origin: suite.server.url });

interface Violation {
  id: string;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** The violations axe finds on the page as it is now, in words a failing test can print. */
async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(...args: unknown[]): Promise<{ violations: unknown }> } })
      .axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations;
  });
  return (found as Violation[]).map(
    (violation) =>
      `${violation.id} (${violation.help}): ${violation.nodes
        .slice(0, 5)
        .map((node) => node.target.join(' '))
        .join(' | ')}`,
  );
}

async function signedIn(
  account: { username: string; password: string },
  colorScheme: 'light' | 'dark',
): Promise<BrowserContext> {
  // axe is injected as a script: the app's CSP (script-src 'self') would refuse it.
  const context = await suite.newContext({
    viewport: { width: 1280, height: 900 },
    colorScheme,
    bypassCSP: true,
  });
  const response = await context.request.post(`${suite.server.url}/api/auth/login`, {
    data: account,
    headers: origin(),
  });
  expect(response.status()).toBe(200);
  return context;
}

const reader = { username: uniqueName('reader'), password: 'correct horse battery' };

/** Registers `account` (a fresh one when not given) through the API and posts one comment as them. */
async function postAs(
  body: string,
  account = { username: uniqueName('writer'), password: 'correct horse battery' },
) {
  const writer = await suite.newContext();
  const registered = await writer.request.post(`${suite.server.url}/api/auth/register`, {
    data: account,
    headers: origin(),
  });
  expect(registered.status()).toBe(201);
  const posted = await writer.request.post(`${suite.server.url}/api/stories/${STORY}/comments`, {
    data: { body, clientId: crypto.randomUUID() },
    headers: origin(),
  });
  expect(posted.status()).toBe(201);
}

beforeAll(async () => {
  // Content on every screen: a published comment, a held one, a webhook, a second story.
  await postAs('A first, *published* comment.', reader);
  const admin = await signedIn(suite.server.admin, 'light');
  const words = await admin.request.put(`${suite.server.url}/api/moderation/word-lists`, {
    data: { banned: [], suspect: ['bridgehead'] },
    headers: origin(),
  });
  expect(words.status()).toBe(200);
  await postAs('Held: it says bridgehead.');
  const hook = await admin.request.post(`${suite.server.url}/api/moderation/webhooks`, {
    data: { url: 'http://127.0.0.1:9/hooks/parley', events: ['comment.created'], active: true },
    headers: origin(),
  });
  expect(hook.status()).toBe(201);
  const story = await admin.request.post(`${suite.server.url}/api/moderation/stories`, {
    data: { title: 'Election night', url: 'https://news.example.org/election', externalId: 'cms-1' },
    headers: origin(),
  });
  expect(story.status()).toBe(201);
  // An import with its report, so the Import tab shows one.
  const upload = await admin.request.post(
    `${suite.server.url}/api/moderation/imports?format=disqus&fileName=disqus.xml`,
    { data: readFileSync(DISQUS), headers: { ...origin(), 'content-type': 'application/octet-stream' } },
  );
  expect(upload.status()).toBe(201);
});

/** Each admin form that can be refused, and how to get a refusal beside one of its fields. */
const REFUSALS: { tab: (typeof TABS)[number]; refuse: (page: Page) => Promise<void> }[] = [
  {
    tab: 'search',
    refuse: async (page) => {
      await page.getByLabel('Story (slug or id)').fill('Not a slug!');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
    },
  },
  {
    tab: 'settings',
    refuse: async (page) => {
      await page.getByLabel('Banned words').fill(`spam\n${'x'.repeat(120)}`);
      await page.getByRole('button', { name: 'Save word lists' }).click();
      await page.getByText(/^Line 2: /).waitFor(WAIT);
      await page.getByLabel('Hold in Pending at').fill('1.5');
      await page.getByRole('button', { name: 'Save thresholds' }).click();
    },
  },
  { tab: 'imports', refuse: (page) => page.getByRole('button', { name: 'Upload and import' }).click() },
];

describe('axe finds no WCAG A/AA violations', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`on the reader's story page and the account page (${colorScheme})`, async () => {
      const page = await (await signedIn(reader, colorScheme)).newPage();
      await page.goto(`${suite.server.url}/stories/${STORY}`);
      await page.getByText('A first, published comment.').waitFor(WAIT);
      expect(await violations(page)).toEqual([]);

      await page.goto(`${suite.server.url}/account`);
      await page.getByRole('heading', { name: 'Your comments' }).waitFor(WAIT);
      await page.getByText('A first, published comment.').first().waitFor(WAIT);
      expect(await violations(page)).toEqual([]);
    });

    it(`on every /moderate tab (${colorScheme})`, async () => {
      const page = await (await signedIn(suite.server.admin, colorScheme)).newPage();
      for (const tab of TABS) {
        await page.goto(`${suite.server.url}/moderate?view=${tab}`);
        await page.getByRole('status').filter({ hasText: 'Live' }).waitFor(WAIT);
        if (tab === 'queues') await page.getByText('Held: it says bridgehead.').waitFor(WAIT);
        if (tab === 'stories') await page.getByText('Election night').waitFor(WAIT);
        if (tab === 'webhooks') await page.getByText('http://127.0.0.1:9/hooks/parley').first().waitFor(WAIT);
        if (tab === 'imports') {
          await page.getByRole('listitem', { name: 'disqus.xml: Done' }).waitFor(WAIT);
          await page.getByText('What was left out, and how long it took').click();
        }
        if (tab === 'settings') await page.getByRole('textbox', { name: 'Suspect words' }).waitFor(WAIT);
        // Forms opened too: they are part of the screen once asked for.
        for (const opens of ['New story', 'New webhook']) {
          const button = page.getByRole('button', { name: opens });
          if ((await button.count()) > 0) await button.click();
        }
        expect({ tab, violations: await violations(page) }).toEqual({ tab, violations: [] });
        if (colorScheme === 'dark') await screenshot(page, `axe-moderate-${tab}-dark`);
      }
    });

    it(`on each admin form with a refusal beside its field (${colorScheme})`, async () => {
      const page = await (await signedIn(suite.server.admin, colorScheme)).newPage();
      for (const { tab, refuse } of REFUSALS) {
        await page.goto(`${suite.server.url}/moderate?view=${tab}`);
        await page.getByRole('status').filter({ hasText: 'Live' }).waitFor(WAIT);
        await refuse(page);
        const invalid = page.locator('[aria-invalid="true"]').last();
        await invalid.waitFor(WAIT);
        // The field names its message, which stands below it.
        const described = (await invalid.getAttribute('aria-describedby'))!.split(' ');
        expect(await page.locator(`[id="${described.at(-1)!}"]`).getAttribute('class')).toBe('field-error');
        expect({ tab, violations: await violations(page) }).toEqual({ tab, violations: [] });
        if (colorScheme === 'dark') await screenshot(page, `axe-moderate-${tab}-refused-dark`);
      }
    });
  }
});
