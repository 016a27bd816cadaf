import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { SessionUser } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS, startApp } from './support/app.js';
import { login, registerUser } from './support/factories.js';
import { ApiClient } from './support/http.js';

const apiDir = fileURLToPath(new URL('..', import.meta.url));
const mainJs = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** The built server over `dataDir`, as an operator starts it; resolves with how it ended. */
function bootMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [mainJs], {
      cwd: apiDir,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        PARLEY_WEB_DIST: '/nonexistent',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A server that started after all would not exit by itself.
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** The same browser (cookie) talking to the restarted server. */
function withCookie(baseUrl: string, from: ApiClient): ApiClient {
  const client = new ApiClient(baseUrl);
  client.cookie = from.cookie;
  return client;
}

// A reader who registered the name first must not become the admin when PARLEY_ADMIN names it.
describe('PARLEY_ADMIN against accounts that already exist', () => {
  let dataDir: string;
  let squatter: { client: ApiClient; username: string };
  let oldAdminSession: ApiClient;

  beforeAll(async () => {
    // The real entry point is spawned below: `turbo run test` builds it first; a clean checkout may have none.
    if (!existsSync(mainJs))
      await promisify(execFile)(
        process.execPath,
        [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
        { cwd: apiDir },
      );
    dataDir = await mkdtemp(join(tmpdir(), 'parley-admin-'));
    const first = await startApp({
      engine: 'pglite',
      env: { PARLEY_DATA_DIR: dataDir, PARLEY_ADMIN: 'admin:first-password' },
    });
    try {
      squatter = await registerUser(first, { username: 'chief' });
      oldAdminSession = await login(first, 'admin', 'first-password');
    } finally {
      await first.close();
    }
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'will not start with PARLEY_ADMIN naming a reader: exit 1 with a line saying what to do',
    async () => {
      const sut = await bootMain({ PARLEY_DATA_DIR: dataDir, PARLEY_ADMIN: 'Chief:a-long-password' });

      expect(sut.code).toBe(1);
      expect(sut.stderr).toMatch(/PARLEY_ADMIN names "chief", an existing reader account/);
      expect(sut.stderr).toMatch(/Give PARLEY_ADMIN another username/);
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'resets the admin password and ends the sessions made with the old one; the reader stays a reader',
    async () => {
      const sut = await startApp({
        engine: 'pglite',
        env: { PARLEY_DATA_DIR: dataDir, PARLEY_ADMIN: 'admin:second-password' },
      });
      try {
        expect(
          (await withCookie(sut.baseUrl, oldAdminSession).get<SessionUser>('/api/auth/me')).body.user,
        ).toBeNull();
        const squatterMe = await withCookie(sut.baseUrl, squatter.client).get<SessionUser>('/api/auth/me');
        expect(squatterMe.body.user?.role).toBe('reader');
        expect((await login(sut, 'admin', 'second-password')).cookie).toBeDefined();
      } finally {
        await sut.close();
      }
    },
    BOOT_TIMEOUT_MS,
  );
});
