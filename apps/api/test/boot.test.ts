import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const apiDir = fileURLToPath(new URL('..', import.meta.url));
const mainJs = fileURLToPath(new URL('../dist/main.js', import.meta.url));

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the built server with only the given variables (plus PATH) and waits for it to exit. */
function boot(env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [mainJs], {
      cwd: apiDir,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A config that slipped through would start a server: stop it rather than hang the suite.
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

// The real entry point, as an operator runs it: a bad variable stops the boot with one line.
describe('main.js with a bad configuration', () => {
  beforeAll(async () => {
    // `turbo run test` builds dependencies, not the api itself: build it when a clean checkout has no dist.
    if (!existsSync(mainJs)) {
      await promisify(execFile)(
        process.execPath,
        [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
        {
          cwd: apiDir,
        },
      );
    }
  });

  it.each([
    { variable: 'PORT', value: 'abc' },
    { variable: 'DATABASE_URL', value: 'nonsense' },
    { variable: 'REDIS_URL', value: 'localhost:6379' },
  ])('exits 1 with a single stderr line naming $variable=$value', async ({ variable, value }) => {
    const sut = await boot({ [variable]: value });

    expect(sut.code).toBe(1);
    const lines = sut.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
    expect(sut.stdout).toBe('');
  });

  it('does not print the password of a bad DATABASE_URL', async () => {
    const sut = await boot({ DATABASE_URL: 'mysql://parley:hunter22@db.internal/parley' });

    expect(sut.code).toBe(1);
    expect(sut.stderr).toMatch(/DATABASE_URL/);
    expect(sut.stderr).not.toContain('hunter22');
  });
});
