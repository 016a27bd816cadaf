/** What the run ran on, recorded with its results so figures from two machines are not compared blind. */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { createClient } from 'redis';
import type { Options } from '../options.js';
import { serverVersion } from './database.js';
import type { Pinning } from './pinning.js';
import { fdLimits } from './processes.js';
import { REPO_ROOT } from './servers.js';

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

export async function describeMachine(options: Options, pinned: Pinning) {
  const redis = createClient({ url: options.redisUrl });
  redis.on('error', () => undefined);
  let redisVersion = 'unreachable';
  try {
    await redis.connect();
    redisVersion = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? '?';
    await redis.close();
  } catch {
    // reported as unreachable; the multi-node scenario will fail with its own message
  }
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    node: process.version,
    postgres: await serverVersion(options.databaseUrl),
    redis: redisVersion,
    fdLimit: fdLimits.hard,
    pinning: pinned,
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
    commit: git(['rev-parse', '--short', 'HEAD']),
    uncommittedChanges: git(['status', '--porcelain']).split('\n').filter(Boolean).length,
  };
}

export type Machine = Awaited<ReturnType<typeof describeMachine>>;
