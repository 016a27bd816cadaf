/**
 * Fan-out: N sockets in one article room; comments posted at a fixed rate; the time from each
 * POST being sent to each socket receiving its `comment:created`. Parley (one node, or two
 * behind Redis) against bare socket.io doing the same broadcast of the same-size payload.
 */
import type { PosterResult, PosterStart } from '../load/poster.js';
import type { SocketClientsReady, SocketClientsResult, SocketClientsStart } from '../load/socket-clients.js';
import { assessValidity, meterCpu, processRssBytes, type CpuUsage, type Validity } from '../lib/cpu.js';
import { pinning } from '../lib/pinning.js';
import type { NodeChild } from '../lib/processes.js';
import { withChildren } from '../lib/processes.js';
import { startBareSocket, startLoad, startParley, type RunningServer } from '../lib/servers.js';
import { merge, summarize, type Latency } from '../lib/stats.js';
import { FILLER, profiled, uniqueTag, type Context } from './context.js';

export interface FanoutMeasure {
  target: 'parley' | 'bare';
  nodes: number;
  /** Through Redis (always with two nodes; one node as deployed unless --fanout-redis=off). */
  redis: boolean;
  sockets: number;
  joined: number;
  joinFailed: number;
  joinErrors: string[];
  joinSeconds: number;
  latency: Latency;
  delivered: number;
  expected: number;
  deliveredRatio: number;
  dropped: number;
  posted: number;
  postFailed: number;
  postStatuses: Record<string, number>;
  postError: string | null;
  /** POST round trip seen by the poster. */
  postLatency: Latency;
  frameBytes: number;
  /**
   * Seconds from the last post being sent to the last socket receiving it. Near the p99 when the
   * server kept up; much more when deliveries queued up during the run (saturation).
   */
  lagSeconds: number;
  /** The latest a post was sent after its schedule, ms. */
  sendSlipMs: number;
  /** Over the measured window: servers, each load process, the bench database's Postgres backends. */
  cpu: CpuUsage;
  /** Servers' RSS growth from before the sockets joined to after, ÷ sockets, KB. */
  rssPerSocketKB: number;
  validity: Validity;
}

const SETTLE_MS = 1200;

export async function startServers(
  context: Context,
  target: 'parley' | 'bare',
  nodes: number,
  label: string,
  children: NodeChild[],
): Promise<RunningServer[]> {
  const servers: RunningServer[] = [];
  const tag = uniqueTag();
  const redis = throughRedis(context, nodes);
  if (redis) context.redisPrefixes.push(`parley_bench_${tag}`);
  for (let index = 0; index < nodes; index++) {
    const name = `${label}-node${index + 1}`;
    if (target === 'parley') {
      // Node A migrates first; B starts against the migrated database.
      servers.push(
        await startParley({
          name,
          databaseUrl: context.database.url,
          redisUrl: redis ? context.redisUrl : undefined,
          redisPrefix: redis ? `parley_bench_${tag}` : undefined,
          logDir: context.logDir,
        }),
      );
    } else {
      servers.push(
        await startBareSocket(
          name,
          context.logDir,
          redis ? { url: context.redisUrl, key: `parley_bench_${tag}:socket.io` } : undefined,
        ),
      );
    }
    children.push(servers.at(-1)!.child);
  }
  return servers;
}

/** Two nodes share rooms through Redis; one does when run as deployed (REDIS_URL set). */
export function throughRedis(context: Context, nodes: number): boolean {
  return nodes > 1 || context.options.fanoutRedis;
}

export async function runFanout(
  context: Context,
  target: 'parley' | 'bare',
  nodes: number,
  sockets: number,
): Promise<FanoutMeasure> {
  const { options } = context;
  const label = `fanout-${target}-${nodes}n-${sockets}`;
  return withChildren(async (children) => {
    const servers = await startServers(context, target, nodes, label, children);

    // Sockets are split evenly over the client processes, and each process's share over the nodes.
    const procs = Math.max(1, Math.min(options.clientProcs, sockets));
    const clients: NodeChild[] = [];
    for (let index = 0; index < procs; index++) {
      const child = await startLoad(`${label}-clients${index + 1}`, 'socket-clients', context.logDir);
      children.push(child);
      clients.push(child);
    }
    const serverChildren = servers.map((server) => server.child);
    const rss = () => serverChildren.reduce((sum, child) => sum + processRssBytes(child.pid), 0);
    const rssBefore = rss();
    const marker = `bm${uniqueTag()}`;
    const measuredPosts = Math.round(options.duration * options.rate);
    const joinTimeoutMs = 120_000;
    const readies = await Promise.all(
      clients.map((child, procIndex) => {
        const share = Math.floor(sockets / procs) + (procIndex < sockets % procs ? 1 : 0);
        const targets = servers.map((server, nodeIndex) => ({
          origin: server.origin.replace('http://', 'ws://'),
          count: Math.floor(share / nodes) + (nodeIndex < share % nodes ? 1 : 0),
        }));
        child.send({
          type: 'start',
          targets,
          slug: context.article.slug,
          marker,
          maxSeq: measuredPosts + 1,
          joinConcurrency: 50,
          joinTimeoutMs: 60_000,
        } satisfies SocketClientsStart);
        return child.next<SocketClientsReady & { type: string; [key: string]: unknown }>(
          'ready',
          joinTimeoutMs * 3,
        );
      }),
    );
    const joined = readies.reduce((sum, ready) => sum + ready.joined, 0);
    const joinFailed = readies.reduce((sum, ready) => sum + ready.failed, 0);
    const joinSeconds = Math.max(...readies.map((ready) => ready.joinMs)) / 1000;
    context.log(
      `    ${joined}/${sockets} sockets in the room in ${joinSeconds.toFixed(1)} s${joinFailed ? ` (${joinFailed} failed)` : ''}`,
    );
    // Presence broadcasts after a burst of joins are coalesced to one a second: let them pass.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const rssAfter = rss();

    const poster = await startLoad(`${label}-poster`, 'poster', context.logDir);
    children.push(poster);
    const { posted, received, cpu } = await profiled(
      context,
      label,
      target === 'parley' ? serverChildren : [],
      async () => {
        const closeMeter = await meterCpu({
          servers: serverChildren,
          load: [...clients, poster],
          database: target === 'parley' ? context.database : undefined,
        });
        for (const client of clients) client.send({ type: 'measure' });
        poster.send({
          type: 'start',
          origin: servers[0]!.origin,
          path: target === 'parley' ? `/api/stories/${context.article.slug}/comments` : '/broadcast',
          cookies: target === 'parley' ? context.authors.map((author) => author.cookie) : [],
          ratePerSecond: options.rate,
          warmupMs: options.quick ? 500 : 1000,
          durationMs: options.duration * 1000,
          marker,
          filler: FILLER,
        } satisfies PosterStart);
        const posted = await poster.next<PosterResult & { type: string; [key: string]: unknown }>(
          'result',
          (options.duration + 90) * 1000,
        );
        for (const client of clients)
          client.send({ type: 'drain', seqs: posted.accepted, timeoutMs: 15_000 });
        const received = await Promise.all(
          clients.map((client) =>
            client.next<SocketClientsResult & { type: string; [key: string]: unknown }>('result', 60_000),
          ),
        );
        return { posted, received, cpu: await closeMeter() };
      },
    );
    for (const client of clients) client.send({ type: 'close' });

    const lagSeconds =
      Math.round(
        (Math.max(...received.map((result) => result.lastReceivedMicros)) - posted.lastSentMicros) / 10_000,
      ) / 100;
    const delivered = received.reduce((sum, result) => sum + result.delivered, 0);
    // Expected: every measured post to every socket asked to join (a failed post or join is a miss).
    const expected = (posted.accepted.length + posted.failed) * sockets;
    const frameBytes = Math.round(
      received.reduce((sum, result) => sum + result.frameBytes, 0) /
        Math.max(1, received.filter((result) => result.frameBytes).length),
    );
    return {
      target,
      nodes,
      redis: throughRedis(context, nodes),
      sockets,
      joined,
      joinFailed,
      joinErrors: readies.flatMap((ready) => ready.errors).slice(0, 5),
      joinSeconds,
      latency: summarize(merge(received.map((result) => result.histogram))),
      delivered,
      expected,
      deliveredRatio: expected ? delivered / expected : 0,
      dropped: received.reduce((sum, result) => sum + result.dropped, 0),
      posted: posted.accepted.length,
      postFailed: posted.failed,
      postStatuses: posted.statuses,
      postError: posted.firstError,
      postLatency: summarize(merge([posted.histogram])),
      frameBytes,
      lagSeconds,
      sendSlipMs: posted.sendSlipMs,
      cpu,
      rssPerSocketKB: Math.round(((rssAfter - rssBefore) / 1024 / Math.max(1, joined)) * 10) / 10,
      validity: assessValidity({
        processes: cpu.processes,
        loadCores: pinning().load ? pinning().loadCores : null,
        lagSeconds,
        sendSlipMs: posted.sendSlipMs,
      }),
    };
  });
}
