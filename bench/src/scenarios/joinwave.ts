/**
 * The join wave: N sockets join one article's room within a few seconds, as after a node
 * restart. Counts the `presence:updated` frames each socket receives from its join until the
 * wave has settled: coalesced presence costs a handful per socket, one per join would cost N.
 */
import type { SocketClientsFrames, SocketClientsReady, SocketClientsStart } from '../load/socket-clients.js';
import { assessValidity, meterCpu, processRssBytes, type CpuUsage, type Validity } from '../lib/cpu.js';
import { pinning } from '../lib/pinning.js';
import { withChildren, type NodeChild } from '../lib/processes.js';
import { startLoad } from '../lib/servers.js';
import { uniqueTag, type Context } from './context.js';
import { startServers } from './fanout.js';

export interface FrameSpread {
  min: number;
  median: number;
  max: number;
  mean: number;
}

export interface JoinWaveMeasure {
  sockets: number;
  /** The schedule: every socket opened within this many seconds. */
  waveSeconds: number;
  joined: number;
  joinFailed: number;
  joinErrors: string[];
  /** From the first socket opened to the last one's join ack. */
  joinSeconds: number;
  /** `presence:updated` frames per socket from its join to the end of the wave plus the settle time. */
  presenceFrames: FrameSpread;
  /** How far behind the schedule the clients opened their last socket, ms. */
  paceSlipMs: number;
  rssPerSocketKB: number;
  cpu: CpuUsage;
  validity: Validity;
}

/** Presence broadcasts are coalesced to one a second: wait past the last one the wave causes. */
const SETTLE_MS = 2500;
/** The clients may open their sockets this late against the schedule before the wave is invalid. */
export const MAX_PACE_SLIP_MS = 1000;

/** min / median / max / mean of per-socket counts (pure, for tests). */
export function spread(counts: number[]): FrameSpread {
  if (counts.length === 0) return { min: NaN, median: NaN, max: NaN, mean: NaN };
  const sorted = [...counts].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return { min: sorted[0]!, median, max: sorted.at(-1)!, mean: Math.round(mean * 10) / 10 };
}

export async function runJoinWave(context: Context, sockets: number): Promise<JoinWaveMeasure> {
  const { options } = context;
  const label = `joinwave-${sockets}`;
  return withChildren(async (children) => {
    const [server] = await startServers(context, 'parley', 1, label, children);
    const procs = Math.max(1, Math.min(options.clientProcs, sockets));
    const clients: NodeChild[] = [];
    for (let index = 0; index < procs; index++) {
      const child = await startLoad(`${label}-clients${index + 1}`, 'socket-clients', context.logDir);
      children.push(child);
      clients.push(child);
    }
    const rssBefore = processRssBytes(server!.child.pid);
    const closeMeter = await meterCpu({
      servers: [server!.child],
      load: clients,
      database: context.database,
    });
    const readies = await Promise.all(
      clients.map((child, procIndex) => {
        const share = Math.floor(sockets / procs) + (procIndex < sockets % procs ? 1 : 0);
        child.send({
          type: 'start',
          targets: [{ origin: server!.origin.replace('http://', 'ws://'), count: share }],
          slug: context.article.slug,
          marker: `bm${uniqueTag()}`,
          maxSeq: 1,
          // Enough in flight that slow acks do not hold back the schedule.
          joinConcurrency: Math.min(share, 2000),
          joinTimeoutMs: 60_000,
          paceMs: (options.waveSeconds * 1000) / share,
        } satisfies SocketClientsStart);
        return child.next<SocketClientsReady & { type: string; [key: string]: unknown }>('ready', 240_000);
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const cpu = await closeMeter();
    const rssAfter = processRssBytes(server!.child.pid);
    const frames = await Promise.all(
      clients.map((child) => {
        child.send({ type: 'frames' });
        return child.next<SocketClientsFrames & { type: string; [key: string]: unknown }>('frames', 30_000);
      }),
    );
    for (const child of clients) child.send({ type: 'close' });
    const joined = readies.reduce((sum, ready) => sum + ready.joined, 0);
    const paceSlipMs = Math.max(...frames.map((item) => item.paceSlipMs));
    const validity = assessValidity({
      processes: cpu.processes,
      loadCores: pinning().load ? pinning().loadCores : null,
    });
    if (paceSlipMs > MAX_PACE_SLIP_MS) {
      validity.valid = false;
      validity.reasons.push(
        `clients opened sockets up to ${(paceSlipMs / 1000).toFixed(1)} s behind the wave's schedule`,
      );
    }
    return {
      sockets,
      waveSeconds: options.waveSeconds,
      joined,
      joinFailed: readies.reduce((sum, ready) => sum + ready.failed, 0),
      joinErrors: readies.flatMap((ready) => ready.errors).slice(0, 5),
      joinSeconds: Math.max(...readies.map((ready) => ready.joinMs)) / 1000,
      presenceFrames: spread(frames.flatMap((item) => item.presence)),
      paceSlipMs,
      rssPerSocketKB: Math.round(((rssAfter - rssBefore) / 1024 / Math.max(1, joined)) * 10) / 10,
      cpu,
      validity,
    };
  });
}
