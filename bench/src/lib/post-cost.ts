/**
 * Where a post's time goes, per answered post over a measured window: the server's CPU, the
 * bench database's Postgres backends' CPU (both from lib/cpu.ts), and Redis: its own CPU and the
 * commands it ran, by name (INFO cpu and INFO commandstats, read before and after). Redis is a
 * shared service: another client's commands in the window count too, so run on a quiet machine.
 */
import { createClient } from 'redis';
import type { CpuUsage } from './cpu.js';

export interface PostCost {
  serverCpuMs: number;
  postgresCpuMs: number;
  /** Null when the case ran without Redis. */
  redis: { cpuMs: number; commands: number; byCommand: Record<string, number> } | null;
}

interface RedisSnapshot {
  cpuSeconds: number;
  calls: Map<string, number>;
}

/** `cmdstat_set:calls=12,usec=…` lines and `used_cpu_sys:1.5` lines of INFO (pure, for tests). */
export function parseRedisInfo(text: string): RedisSnapshot {
  const calls = new Map<string, number>();
  let cpuSeconds = 0;
  for (const line of text.split(/\r?\n/)) {
    const command = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
    if (command) calls.set(command[1]!, Number(command[2]));
    const cpu = /^used_cpu_(?:sys|user):([\d.]+)$/.exec(line);
    if (cpu) cpuSeconds += Number(cpu[1]);
  }
  return { cpuSeconds, calls };
}

/** Calls per post by command, largest first, from two snapshots (pure, for tests). */
export function commandsPerPost(before: RedisSnapshot, after: RedisSnapshot, posts: number) {
  const byCommand: Record<string, number> = {};
  let commands = 0;
  const deltas = [...after.calls]
    .map(([name, calls]) => [name, calls - (before.calls.get(name) ?? 0)] as const)
    // INFO itself is the meter's own.
    .filter(([name, delta]) => delta > 0 && name !== 'info')
    .sort((a, b) => b[1] - a[1]);
  for (const [name, delta] of deltas) {
    // A rare command (a limiter's, once a second) rounds to nothing per post: counted, not named.
    if (round(delta / posts) > 0) byCommand[name] = round(delta / posts);
    commands += delta;
  }
  return { commands: round(commands / posts), byCommand };
}

async function redisSnapshot(url: string): Promise<RedisSnapshot> {
  const redis = createClient({ url });
  redis.on('error', () => undefined);
  await redis.connect();
  try {
    return parseRedisInfo(`${await redis.info('cpu')}\n${await redis.info('commandstats')}`);
  } finally {
    await redis.close();
  }
}

/** Opens the meter (Redis's counters now); `close` turns the window's figures into per-post costs. */
export async function meterPostCost(redisUrl: string | null) {
  const before = redisUrl ? await redisSnapshot(redisUrl) : null;
  return async (cpu: CpuUsage, posts: number): Promise<PostCost> => {
    const perPost = (percentOfCore: number) =>
      posts > 0 ? round(((percentOfCore / 100) * cpu.seconds * 1000) / posts) : NaN;
    let redis: PostCost['redis'] = null;
    if (redisUrl && before && posts > 0) {
      const after = await redisSnapshot(redisUrl);
      redis = {
        cpuMs: round(((after.cpuSeconds - before.cpuSeconds) * 1000) / posts),
        ...commandsPerPost(before, after, posts),
      };
    }
    return { serverCpuMs: perPost(cpu.server), postgresCpuMs: perPost(cpu.postgres), redis };
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
