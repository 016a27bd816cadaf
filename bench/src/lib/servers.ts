import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startNode, type NodeChild } from './processes.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BENCH_DIST = fileURLToPath(new URL('../', import.meta.url));
const PRELOAD = ['--import', pathToFileURL(join(BENCH_DIST, 'servers/preload.js')).href];
export const LOOPBACK = '127.0.0.1';

/** A free TCP port on the loopback address (released before the server takes it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Polls `url` until it answers 200, the process exits, or `timeoutMs` passes; stops the child on failure. */
export async function waitHealthy(child: NodeChild, url: string, timeoutMs = 60_000): Promise<void> {
  try {
    await poll(child, url, timeoutMs);
  } catch (error) {
    await child.stop();
    throw error;
  }
}

async function poll(child: NodeChild, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!child.running) throw new Error(`${child.name} exited during start-up (log: ${child.logPath})`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(
    `${child.name} did not become healthy at ${url} within ${timeoutMs / 1000} s (log: ${child.logPath})`,
  );
}

export interface RunningServer {
  child: NodeChild;
  port: number;
  origin: string;
}

export interface ParleyOptions {
  name: string;
  databaseUrl: string;
  redisUrl?: string;
  redisPrefix?: string;
  logDir: string;
  /** Extra variables (PARLEY_TOXICITY_MODEL_DIR, PARLEY_METRICS_PORT, …); they win over the defaults. */
  env?: Record<string, string | undefined>;
}

/** Parley as built for production (`apps/api/dist/main.js`), on loopback, over the bench database. */
export async function startParley(options: ParleyOptions): Promise<RunningServer> {
  const port = await freePort();
  const child = startNode(options.name, join(REPO_ROOT, 'apps/api/dist/main.js'), [], {
    cwd: REPO_ROOT,
    execArgv: PRELOAD,
    logDir: options.logDir,
    role: 'server',
    env: {
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: LOOPBACK,
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: options.redisUrl,
      PARLEY_REDIS_PREFIX: options.redisPrefix,
      PARLEY_ADMIN: undefined,
      PARLEY_ORIGINS: undefined,
      // The bench registers all its authors from loopback.
      PARLEY_SIGNUPS_PER_HOUR: '1000000',
      // Thousands of sockets from loopback.
      PARLEY_SOCKETS_PER_ADDRESS: '1000000',
      PARLEY_DATA_DIR: undefined,
      DATABASE_POOL_SIZE: undefined,
      PARLEY_METRICS_PORT: undefined,
      PARLEY_TOXICITY_MODEL_DIR: undefined,
      ...options.env,
    },
  });
  const origin = `http://${LOOPBACK}:${port}`;
  await waitHealthy(child, `${origin}/api/health`);
  return { child, port, origin };
}

/** The bare socket.io baseline, optionally with the Redis adapter. */
export async function startBareSocket(
  name: string,
  logDir: string,
  redis?: { url: string; key: string },
): Promise<RunningServer> {
  const port = await freePort();
  const child = startNode(name, join(BENCH_DIST, 'servers/bare-socket.js'), [], {
    execArgv: PRELOAD,
    logDir,
    role: 'server',
    env: { PORT: String(port), REDIS_URL: redis?.url, REDIS_KEY: redis?.key, NODE_ENV: 'production' },
  });
  const origin = `http://${LOOPBACK}:${port}`;
  await waitHealthy(child, `${origin}/health`);
  return { child, port, origin };
}

/** The bare node:http + pg baseline. */
export async function startBareSql(
  name: string,
  logDir: string,
  databaseUrl: string,
): Promise<RunningServer> {
  const port = await freePort();
  const child = startNode(name, join(BENCH_DIST, 'servers/bare-sql.js'), [], {
    execArgv: PRELOAD,
    logDir,
    role: 'server',
    env: { PORT: String(port), DATABASE_URL: databaseUrl, NODE_ENV: 'production' },
  });
  const origin = `http://${LOOPBACK}:${port}`;
  await waitHealthy(child, `${origin}/health`);
  return { child, port, origin };
}

/** Starts a load generator from `dist/load/<script>.js` and waits until it is listening for orders. */
export async function startLoad(name: string, script: string, logDir: string): Promise<NodeChild> {
  const child = startNode(name, join(BENCH_DIST, `load/${script}.js`), [], { logDir, role: 'load' });
  await child.next('booted', 30_000);
  return child;
}
