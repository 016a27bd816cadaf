import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { BOOT_TIMEOUT_MS, setupTable, startApp, type Setup, type TestApp } from './app.js';
import { closeAllSockets } from './sockets.js';

export interface AppSuiteOptions {
  /** The app's environment, worked out when it boots (after anything the file starts first, such as an SMTP server). */
  env?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  /** Close the sockets a test opened when it ends (files whose tests each open their own). */
  closeSocketsAfterEach?: boolean;
  /** Runs once the app has closed (stopping what `env` started, such as an SMTP server). */
  afterClose?: () => Promise<void>;
}

export type AppSuiteBody = (app: TestApp, setup: Setup) => void;

/**
 * One app per setup (PGlite, and Postgres + Redis when CI has them) for an integration file:
 * `appSuite('comments', (sut) => { … })` declares `comments over pglite`, … each with an app booted
 * before its tests and closed after them, with every test socket. `app` reads the booted app when a
 * test or a later hook uses it, so a file's own beforeAll (signing in an admin, say) runs after the boot.
 */
export function appSuite(name: string, body: AppSuiteBody): void;
export function appSuite(name: string, options: AppSuiteOptions, body: AppSuiteBody): void;
export function appSuite(name: string, second: AppSuiteOptions | AppSuiteBody, third?: AppSuiteBody): void {
  const options = typeof second === 'function' ? {} : second;
  const body = typeof second === 'function' ? second : third!;
  describe.each(setupTable())(`${name} over %s`, (_label, setup) => {
    let started: TestApp | undefined;
    const booted = (): TestApp => {
      if (!started) throw new Error('the app starts in beforeAll');
      return started;
    };

    beforeAll(async () => {
      const env = typeof options.env === 'function' ? await options.env() : options.env;
      started = await startApp({ ...setup, env });
    }, BOOT_TIMEOUT_MS);
    if (options.closeSocketsAfterEach) afterEach(() => closeAllSockets());
    afterAll(async () => {
      closeAllSockets();
      try {
        await started?.close();
      } finally {
        await options.afterClose?.();
      }
    });

    body(
      {
        get app() {
          return booted().app;
        },
        get baseUrl() {
          return booted().baseUrl;
        },
        get db() {
          return booted().db;
        },
        get env() {
          return booted().env;
        },
        close: () => booted().close(),
      },
      setup,
    );
  });
}
