/** Runs one closed-loop HTTP load case in its own process and summarizes it. */
import type { HttpLoadResult, HttpLoadStart } from '../load/http-load.js';
import { merge, summarize, type Latency } from '../lib/stats.js';
import { cpuPercent, serverCpuMeter } from './context.js';
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
  cpu: { server: number; client: number };
  /** The database's backends while the case ran (sampled from pg_stat_activity). */
  db: DbActivity;
}

/** Runs one case on `load` (an http-load process, reused across cases) against `server`. */
export async function runHttpLoad(
  load: NodeChild,
  server: NodeChild,
  database: BenchDatabase,
  start: Omit<HttpLoadStart, 'type'>,
): Promise<HttpMeasure> {
  const meter = serverCpuMeter([server]);
  const { result, activity } = await sampleActivity(database.url, database.name, () => {
    load.send({ type: 'start', ...start } satisfies HttpLoadStart);
    return load.next<HttpLoadResult & { type: string; [key: string]: unknown }>(
      'result',
      start.warmupMs + start.durationMs + 60_000,
    );
  });
  const serverCpu = meter();
  return {
    requests: result.ok,
    perSecond: Math.round((result.ok / result.elapsedMs) * 10_000) / 10,
    latency: summarize(merge([result.histogram])),
    failed: result.failed,
    statuses: result.statuses,
    firstError: result.firstError,
    bytesPerResponse: result.ok ? Math.round(result.bytes / (result.ok + result.failed)) : 0,
    cpu: { server: serverCpu, client: cpuPercent(result.cpuMicros, result.elapsedMs * 1000) },
    db: activity,
  };
}
