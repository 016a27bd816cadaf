import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { waitFor } from '../support/wait.js';

export const apiDir = fileURLToPath(new URL('../..', import.meta.url));
export const mainJs = join(apiDir, 'dist', 'main.js');

/** Newest modification time of the non-test sources under a directory. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds apps/api when dist/main.js is missing or older than a source file (turbo builds it
 * before `test` in CI; a local run after an edit would otherwise test yesterday's server).
 */
export async function ensureBuilt(): Promise<void> {
  if (existsSync(mainJs) && statSync(mainJs).mtimeMs >= newestSource(join(apiDir, 'src'))) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
      cwd: apiDir,
      timeout: 120_000,
    });
  } catch (error) {
    const { stdout = '' } = error as { stdout?: string };
    throw new Error(`building apps/api failed:\n${stdout.slice(0, 4000)}`);
  }
}

/** A log line (JSON, the default format) at level error or fatal. */
export const ERROR_LINE = /"level":"(error|fatal)"/;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One `node dist/main.js` process, as an operator runs it. */
export interface ApiNode {
  name: string;
  port: number;
  baseUrl: string;
  pid: number;
  /** Everything it printed so far (stdout and stderr interleaved), for failure messages. */
  output(): string;
  /** What it printed on stdout alone (its log lines). */
  stdout(): string;
  /** Resolves when the process has exited. */
  exited: Promise<Exit>;
  hasExited(): boolean;
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<Exit>;
}

const running = new Set<ChildProcess>();
// A crashed test run must not leave API servers behind: kill exactly the children started here.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts the built server on a free port (PORT=0) with only the given variables (plus PATH), and
 * resolves once it listens and /api/health answers 200.
 */
export async function startNode(
  name: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ApiNode> {
  const child = spawn(process.execPath, [mainJs], {
    cwd: apiDir,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exit: Exit | null = null;
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      exit = { code, signal };
      resolve(exit);
    });
  });

  const node: ApiNode = {
    name,
    port: 0,
    baseUrl: '',
    pid: child.pid!,
    output: () => output,
    stdout: () => stdout,
    exited,
    hasExited: () => exit !== null,
    signal: (signal) => {
      if (!exit) child.kill(signal);
    },
    stop: async (graceMs = 10_000) => {
      if (exit) return exit;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };

  try {
    await waitFor(
      () => {
        if (exit)
          throw new Error(`node ${name} exited (${exit.code ?? exit.signal}) before listening:\n${output}`);
        return /listening on http:\/\/127\.0\.0\.1:[1-9]\d*/.test(output);
      },
      `node ${name} to listen`,
      { timeoutMs, everyMs: 50 },
    );
    node.port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)![1]);
    node.baseUrl = `http://127.0.0.1:${node.port}`;
    await waitFor(
      async () => (await fetch(`${node.baseUrl}/api/health`).catch(() => null))?.status === 200,
      `node ${name} /api/health to answer 200`,
      { timeoutMs: 10_000, everyMs: 50 },
    );
  } catch (error) {
    await node.stop(2000);
    throw error instanceof Error && !error.message.includes(output) && output
      ? new Error(`${error.message}\n--- node ${name} output ---\n${output}`)
      : error;
  }
  return node;
}
