/**
 * Which cores the system under test and the load processes run on. With `taskset` and at least
 * two cores, servers get the first half of the cores this process may use and load generators
 * the rest, so the load does not steal the server's CPU (and the table measures the server, not
 * the contention). Postgres and Redis are shared services: they run unpinned.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

export type Role = 'server' | 'load';

export interface Pinning {
  /** `taskset -c` lists, or null when unpinned. */
  server: string | null;
  load: string | null;
  /** Cores in each set (the whole machine when unpinned). */
  serverCores: number;
  loadCores: number;
  /** One line for the report: what ran where, or why nothing was pinned. */
  note: string;
}

/** Splits the allowed cores into a server half and a load half (pure, for tests). */
export function planPinning(allowed: number[], tasksetAvailable: boolean, wanted: boolean): Pinning {
  const all = allowed.length;
  const unpinned = (why: string): Pinning => ({
    server: null,
    load: null,
    serverCores: all,
    loadCores: all,
    note: `unpinned (${why}): servers, load generators and Postgres share all ${all} cores`,
  });
  if (!wanted) return unpinned('--pin=off');
  if (!tasksetAvailable) return unpinned('taskset not found');
  if (all < 2) return unpinned(`only ${all} core`);
  const half = Math.floor(all / 2);
  const server = allowed.slice(0, half).join(',');
  const load = allowed.slice(half).join(',');
  return {
    server,
    load,
    serverCores: half,
    loadCores: all - half,
    note: `servers (Parley and the baselines) on core ${server}, load generators and poster on core ${load}; Postgres and Redis unpinned (shared services)`,
  };
}

/** The cores this process may run on, from `taskset -p` (falls back to every core). */
function allowedCores(): { cores: number[]; taskset: boolean } {
  const every = cpus().map((_, index) => index);
  try {
    const out = execFileSync('taskset', ['-cp', String(process.pid)], { encoding: 'utf8' });
    const list = out.slice(out.lastIndexOf(':') + 1).trim();
    const cores = list.split(',').flatMap((part) => {
      const [from, to] = part.split('-').map(Number);
      return to === undefined ? [from!] : Array.from({ length: to - from! + 1 }, (_, i) => from! + i);
    });
    return { cores: cores.every(Number.isInteger) && cores.length ? cores : every, taskset: true };
  } catch {
    return { cores: every, taskset: false };
  }
}

let current: Pinning = planPinning([0], false, false);

export function detectPinning(wanted: boolean): Pinning {
  const { cores, taskset } = allowedCores();
  current = planPinning(cores, taskset, wanted);
  return current;
}

export function pinning(): Pinning {
  return current;
}

/** The `taskset -c LIST` prefix for a process of this role, or nothing when unpinned. */
export function pinPrefix(role: Role): string[] {
  const list = role === 'server' ? current.server : current.load;
  return list ? ['taskset', '-c', list] : [];
}
