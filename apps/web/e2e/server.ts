import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const API_MAIN = fileURLToPath(new URL('../../api/dist/main.js', import.meta.url));
const WEB_INDEX = fileURLToPath(new URL('../dist/index.html', import.meta.url));
const START_TIMEOUT_MS = 60_000;

export interface TestServer {
  url: string;
  admin: { username: string; password: string };
  /** The server's output so far, for failure messages. */
  logs(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A throwaway database on the server DATABASE_URL names; dropped by the returned function. */
async function throwawayDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `parley_e2e_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: async () => {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * Starts the built API (which serves the built web app) on a free port with a fresh database:
 * embedded in a temp dir, or a throwaway Postgres database when DATABASE_URL is set.
 */
export interface ServerOptions {
  env?: Record<string, string>;
  /**
   * Runs with the server's environment (its database chosen, the server not yet started): an
   * operator's command before the site opens, e.g. an import on the embedded database, which
   * belongs to one process at a time.
   */
  prepare?: (env: NodeJS.ProcessEnv) => Promise<void>;
}

export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  for (const [file, hint] of [
    [API_MAIN, 'pnpm turbo run build --filter=@parley/api'],
    [WEB_INDEX, 'pnpm --filter @parley/web build'],
  ] as const) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`${hint}\` first`);
  }
  const port = await freePort();
  const admin = { username: 'admin', password: randomBytes(12).toString('hex') };
  const cleanups: (() => Promise<void>)[] = [];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PARLEY_ADMIN: `${admin.username}:${admin.password}`,
    PARLEY_REDIS_PREFIX: `parley_e2e_${randomBytes(4).toString('hex')}`,
    // Every browser in these tests registers from 127.0.0.1.
    PARLEY_SIGNUPS_PER_HOUR: '1000000',
    PARLEY_SOCKETS_PER_ADDRESS: '1000000',
    NODE_ENV: 'production',
    ...options.env,
  };
  if (process.env.DATABASE_URL) {
    const database = await throwawayDatabase(process.env.DATABASE_URL);
    env.DATABASE_URL = database.url;
    cleanups.push(database.drop);
  } else {
    const dataDir = await mkdtemp(join(tmpdir(), 'parley-e2e-'));
    delete env.DATABASE_URL;
    env.PARLEY_DATA_DIR = dataDir;
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  }

  if (options.prepare) {
    try {
      await options.prepare(env);
    } catch (error) {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      throw error;
    }
  }

  let output = '';
  const child = spawn(process.execPath, [API_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.on('exit', (code, signal) => (output += `\n[e2e] the API exited: code ${code}, signal ${signal}\n`));

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timer);
    }
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`The API exited with ${child.exitCode} before it was healthy:\n${output}`);
    }
    const healthy = await fetch(`${url}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The API was not healthy after ${START_TIMEOUT_MS / 1000}s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, admin, logs: () => output, stop };
}
