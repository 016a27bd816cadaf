import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { waitFor } from '../support/wait.js';

/** Whether a `redis-server` binary is on the PATH. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A throwaway `redis-server` of the test's own on a fixed loopback port, which the test can kill
 * (as a crash or an operator's stop would), start again on the same port, or freeze (SIGSTOP: the
 * connection stays up and nothing answers, as with an overloaded or partitioned Redis). The
 * machine's shared Redis is never touched.
 */
export class OwnRedis {
  private child: ChildProcess | null = null;
  private paused = false;

  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    this.child = child;
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    await waitFor(() => accepts(this.port), `redis-server on port ${this.port} to accept connections`, {
      timeoutMs: 10_000,
      everyMs: 20,
    });
  }

  /** SIGKILL, and resolves once it is gone (its port refuses connections). */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (this.paused) child.kill('SIGCONT');
    this.paused = false;
    child.kill('SIGKILL');
    await exited;
  }

  pause(): void {
    this.child?.kill('SIGSTOP');
    this.paused = true;
  }

  resume(): void {
    this.child?.kill('SIGCONT');
    this.paused = false;
  }

  /** One on a free port, not started yet: its URL refuses connections until `start()`. */
  static async reserve(): Promise<OwnRedis> {
    return new OwnRedis(await freePort());
  }
}

const started = new Set<OwnRedis>();
/** Every OwnRedis still running when the test process exits is killed with it. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const redis = await OwnRedis.start();
  started.add(redis);
  return redis;
}

/** A port for an OwnRedis that the test starts later (a node that boots before its Redis). */
export async function reserveOwnRedis(): Promise<OwnRedis> {
  const redis = await OwnRedis.reserve();
  started.add(redis);
  return redis;
}
process.once('exit', () => {
  for (const redis of started) void redis.kill();
});
