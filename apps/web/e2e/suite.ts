import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from './browser.js';
import { startServer, type ServerOptions, type TestServer } from './server.js';

export interface BrowserSuite {
  /** The built Parley under test (started before the file's tests). */
  readonly server: TestServer;
  /** A browser context that is closed when the file's tests are done. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
}

/**
 * One Parley and one Chromium for a test file: started before its tests, stopped after them, with
 * every context it opened closed; a failing test is followed by the tail of what the server said,
 * which is where a browser failure is easiest to read. Options that need something started first
 * (a host page's origin) come from a function, called in the same `beforeAll`.
 */
export function browserSuite(options: ServerOptions | (() => Promise<ServerOptions>) = {}): BrowserSuite {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer(typeof options === 'function' ? await options() : options);
    browser = await launchChromium();
  });

  afterEach((context) => {
    if (context.task.result?.state === 'fail')
      console.error(`API output (tail):\n${server?.logs().slice(-4000)}`);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  return {
    get server() {
      if (!server) throw new Error('the server starts in beforeAll');
      return server;
    },
    async newContext(contextOptions) {
      if (!browser) throw new Error('Chromium starts in beforeAll');
      const context = await browser.newContext(contextOptions);
      contexts.push(context);
      return context;
    },
  };
}
