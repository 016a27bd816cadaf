/**
 * CPU per process over a measured window, from /proc/<pid>/stat (utime + stime), for the
 * servers, each load process and the Postgres backends of the bench database; and the rule that
 * marks a run invalid when its load, not the server, was the bottleneck.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { NodeChild } from './processes.js';

const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime in microseconds from the text of /proc/<pid>/stat (pure, for tests). */
export function parseStatMicros(stat: string, ticksPerSecond = CLOCK_TICKS_PER_SECOND): number {
  // The command name may hold spaces and parentheses: fields start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1e6;
}

/** CPU time the process has used so far, µs; NaN when it is gone. */
export function processCpuMicros(pid: number): number {
  try {
    return parseStatMicros(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return NaN;
  }
}

/**
 * Time the process's main thread (where its JavaScript runs) spent runnable but waiting for a
 * CPU, µs, from /proc/<pid>/schedstat; NaN when unavailable. Tells a quiet core from a shared one.
 */
export function processWaitMicros(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1000;
  } catch {
    return NaN;
  }
}

/** Resident memory of a process, bytes (VmRSS, or its peak so far with `VmHWM`); NaN when it is gone. */
export function processRssBytes(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU time over wall time as % of one core, one decimal. */
export function cpuPercent(cpuMicros: number, wallMicros: number): number {
  return wallMicros > 0 && Number.isFinite(cpuMicros)
    ? Math.round((cpuMicros / wallMicros) * 1000) / 10
    : NaN;
}

/**
 * CPU used between two snapshots, µs, summed over processes. A process only in `end` started in
 * the window (counted from 0); one only in `start` ended in it (its last share is lost, so the
 * figure is a lower bound).
 */
export function cpuDelta(start: Map<number, number>, end: Map<number, number>): number {
  let used = 0;
  for (const [pid, micros] of end) {
    if (!Number.isFinite(micros)) continue;
    used += micros - (start.get(pid) ?? 0);
  }
  return used;
}

export interface ProcessCpu {
  name: string;
  role: 'server' | 'load';
  /** % of one core over the window. */
  percent: number;
  /** % of the window its main thread waited in the run queue (another process had its core). */
  waitPercent: number;
}

export interface CpuUsage {
  /** Sum of the servers, % of one core. */
  server: number;
  /** Sum of the load processes (generators and poster). */
  load: number;
  /** The bench database's Postgres backends, summed (NaN when /proc could not be read). */
  postgres: number;
  processes: ProcessCpu[];
  seconds: number;
}

async function backendPids(databaseUrl: string, databaseName: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const result = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name NOT LIKE 'parley-bench%'`,
      [databaseName],
    );
    return result.rows.map((row) => row.pid);
  } catch {
    return [];
  } finally {
    await client.end().catch(() => undefined);
  }
}

function snapshot(pids: number[]): Map<number, number> {
  return new Map(pids.map((pid) => [pid, processCpuMicros(pid)]));
}

/** Starts a CPU window over these processes; the returned function closes it. */
export async function meterCpu(input: {
  servers: NodeChild[];
  load: NodeChild[];
  database?: { url: string; name: string };
}): Promise<() => Promise<CpuUsage>> {
  const all = [
    ...input.servers.map((child) => ({ child, role: 'server' as const })),
    ...input.load.map((child) => ({ child, role: 'load' as const })),
  ];
  const pgStart = input.database
    ? snapshot(await backendPids(input.database.url, input.database.name))
    : new Map<number, number>();
  const start = all.map(({ child }) => processCpuMicros(child.pid));
  const waitStart = all.map(({ child }) => processWaitMicros(child.pid));
  const started = performance.now();
  return async () => {
    const end = all.map(({ child }) => processCpuMicros(child.pid));
    const waitEnd = all.map(({ child }) => processWaitMicros(child.pid));
    const wallMicros = (performance.now() - started) * 1000;
    const pgEnd = input.database
      ? snapshot(await backendPids(input.database.url, input.database.name))
      : new Map<number, number>();
    const processes = all.map(({ child, role }, index) => ({
      name: child.name,
      role,
      percent: cpuPercent(end[index]! - start[index]!, wallMicros),
      waitPercent: cpuPercent(waitEnd[index]! - waitStart[index]!, wallMicros),
    }));
    const sum = (role: 'server' | 'load') =>
      Math.round(
        processes.filter((item) => item.role === role).reduce((total, item) => total + item.percent, 0) * 10,
      ) / 10;
    return {
      server: sum('server'),
      load: sum('load'),
      postgres: input.database ? cpuPercent(cpuDelta(pgStart, pgEnd), wallMicros) : NaN,
      processes,
      seconds: Math.round(wallMicros / 1e4) / 100,
    };
  };
}

/** A load process above this share of its core is saturated: the run measures the load, not the server. */
export const SATURATED_PERCENT = 85;
/** Fan-out: the last post must reach the last socket within this long of being sent. */
export const MAX_LAG_SECONDS = 2;
/** Fan-out: the poster must send each post within this long of its schedule. */
export const MAX_SEND_SLIP_MS = 250;

export interface Validity {
  valid: boolean;
  reasons: string[];
}

/**
 * A run is valid when no load process is saturated (each above SATURATED_PERCENT of one core,
 * or all of them together above SATURATED_PERCENT of each core of their pinned set) and, for
 * fan-out, deliveries kept pace with the send schedule. Applies to Parley and baselines alike.
 */
export function assessValidity(input: {
  processes: ProcessCpu[];
  /** Cores the load processes were pinned to, or null when unpinned. */
  loadCores: number | null;
  lagSeconds?: number;
  sendSlipMs?: number;
}): Validity {
  const reasons: string[] = [];
  const load = input.processes.filter((item) => item.role === 'load');
  for (const item of load) {
    if (item.percent > SATURATED_PERCENT) reasons.push(`${item.name} at ${item.percent}% of a core`);
  }
  const total = load.reduce((sum, item) => sum + item.percent, 0);
  if (input.loadCores && load.length > 1 && total > SATURATED_PERCENT * input.loadCores) {
    reasons.push(
      `load processes together at ${Math.round(total)}% of their ${input.loadCores} core${input.loadCores > 1 ? 's' : ''}`,
    );
  }
  if (input.lagSeconds !== undefined && input.lagSeconds > MAX_LAG_SECONDS) {
    reasons.push(`last post reached the last socket ${input.lagSeconds} s after it was sent`);
  }
  if (input.sendSlipMs !== undefined && input.sendSlipMs > MAX_SEND_SLIP_MS) {
    reasons.push(`poster fell ${Math.round(input.sendSlipMs)} ms behind its schedule`);
  }
  return { valid: reasons.length === 0, reasons };
}
