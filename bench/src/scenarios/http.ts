/** Runs one closed-loop HTTP load case in its own process and summarizes it. */
import type { HttpLoadResult, HttpLoadStart } from '../load/http-load.js';
import { merge, summarize, type Latency } from '../lib/stats.js';
import { assessValidity, meterCpu, type CpuUsage, type Validity } from '../lib/cpu.js';
import { pinning } from '../lib/pinning.js';
import type { NodeChild } from '../lib/processes.js';
import { sampleActivity, type BenchDatabase, type DbActivity } from '../lib/database.js';

export interface HttpMeasure {
  requests: number;
  perSecond: number;
  latency: Latency;
  failed: number;
  statuses: Record<string, number>;
  firstError: string | null;
  bytesPerResponse: number;
  /** Over the measured window: the server, the load process, the bench database's backends. */
  cpu: CpuUsage;
  /** Invalid when the load process was saturated. */
  validity: Validity;
  /** The database's backends while the case ran (sampled from pg_stat_activity). */
  db: DbActivity;
}

/** The load rule of lib/cpu.ts, and a case with no answered request in its window has no figure. */
function httpValidity(ok: number, cpu: CpuUsage): Validity {
  const validity = assessValidity({
    processes: cpu.processes,
    loadCores: pinning().load ? pinning().loadCores : null,
  });
  if (ok === 0) {
    validity.valid = false;
    validity.reasons.push(
      'no request was answered within the measured window (raise --read-duration / --write-duration)',
    );
  }
  return validity;
}

/** Runs one case on `load` (an http-load process, reused across cases) against `server`. */
export async function runHttpLoad(
  load: NodeChild,
  server: NodeChild,
  database: BenchDatabase,
  start: Omit<HttpLoadStart, 'type'>,
  /** Told when the measured window opens (after the warm-up), e.g. to scrape the server's metrics. */
  onWindowOpen?: () => Promise<void>,
): Promise<HttpMeasure> {
  const { result, activity, cpu } = await sampleActivity(database.url, database.name, async () => {
    load.send({ type: 'start', ...start } satisfies HttpLoadStart);
    // The window opens after the unmeasured warm-up, as the load process's own counts do.
    await new Promise((resolve) => setTimeout(resolve, start.warmupMs));
    await onWindowOpen?.();
    const closeMeter = await meterCpu({ servers: [server], load: [load], database });
    const result = await load.next<HttpLoadResult & { type: string; [key: string]: unknown }>(
      'result',
      start.durationMs + 60_000,
    );
    return { result, cpu: await closeMeter() };
  }).then(({ result: inner, activity }) => ({ ...inner, activity }));
  return {
    requests: result.ok,
    perSecond: Math.round((result.ok / result.elapsedMs) * 10_000) / 10,
    latency: summarize(merge([result.histogram])),
    failed: result.failed,
    statuses: result.statuses,
    firstError: result.firstError,
    bytesPerResponse: result.ok ? Math.round(result.bytes / (result.ok + result.failed)) : 0,
    cpu,
    validity: httpValidity(result.ok, cpu),
    db: activity,
  };
}
