/**
 * Load generator: posts comments at a fixed rate (open loop: a slow answer does not delay the
 * next post). Each measured body carries `bm<tag> <seq> <sentMicros>`, the send time on the
 * shared monotonic clock, so receivers in other processes can time the delivery.
 */
import { Pool } from 'undici';
import { cpuSince, exitWithParent, onMessage, send } from '../lib/child.js';
import { encode, newHistogram, recordMicros } from '../lib/stats.js';

export interface PosterStart {
  type: 'start';
  origin: string;
  path: string;
  /** Parley: one session cookie per author, used in turn. Baseline: none. */
  cookies: string[];
  ratePerSecond: number;
  warmupMs: number;
  durationMs: number;
  marker: string;
  /** Text after the marker, so the broadcast payload has a realistic size. */
  filler: string;
}

export interface PosterResult {
  type: 'result';
  /** Sequence numbers of measured posts the server accepted and published. */
  accepted: number[];
  failed: number;
  statuses: Record<string, number>;
  firstError: string | null;
  /** POST round trip, as the poster saw it. */
  histogram: string;
  /** When the last measured post was sent (process.hrtime, µs). */
  lastSentMicros: number;
  cpuMicros: number;
  /** The latest a measured post was sent after its scheduled time, ms (the poster could not keep up). */
  sendSlipMs: number;
}

exitWithParent();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

async function run(message: PosterStart): Promise<void> {
  const pool = new Pool(message.origin, { connections: 16 });
  const histogram = newHistogram();
  const statuses: Record<string, number> = {};
  const accepted: number[] = [];
  let failed = 0;
  let firstError: string | null = null;
  const cpuStart = process.cpuUsage();
  const intervalMs = 1000 / message.ratePerSecond;
  const warmupPosts = Math.round((message.warmupMs / 1000) * message.ratePerSecond);
  const measuredPosts = Math.round((message.durationMs / 1000) * message.ratePerSecond);
  const pending: Promise<void>[] = [];
  const started = performance.now();
  let lastSentMicros = 0;
  let sendSlipMs = 0;

  for (let index = 0; index < warmupPosts + measuredPosts; index++) {
    await sleep(started + index * intervalMs - performance.now());
    const measured = index >= warmupPosts;
    if (measured) sendSlipMs = Math.max(sendSlipMs, performance.now() - (started + index * intervalMs));
    const seq = index - warmupPosts;
    const sentMicros = Number(process.hrtime.bigint() / 1000n);
    if (measured) lastSentMicros = sentMicros;
    const body = measured
      ? `${message.marker} ${seq} ${sentMicros} ${message.filler}`
      : `warmup ${message.marker.slice(2)} ${index} ${message.filler}`;
    const cookie = message.cookies.length ? message.cookies[index % message.cookies.length] : undefined;
    pending.push(
      pool
        .request({
          method: 'POST',
          path: message.path,
          headers: { 'content-type': 'application/json', ...(cookie && { cookie }) },
          body: JSON.stringify({ body }),
        })
        .then(async (response) => {
          const text = await response.body.text();
          if (!measured) return;
          recordMicros(histogram, Number(process.hrtime.bigint() / 1000n) - sentMicros);
          statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
          // Only published comments are broadcast; anything else is a failed post.
          if (response.statusCode === 201 && text.includes('"status":"published"')) accepted.push(seq);
          else {
            failed++;
            firstError ??= `${response.statusCode} ${text.slice(0, 200)}`;
          }
        })
        .catch((error: unknown) => {
          if (!measured) return;
          failed++;
          statuses.error = (statuses.error ?? 0) + 1;
          firstError ??= error instanceof Error ? error.message : String(error);
        }),
    );
  }
  await Promise.race([Promise.all(pending), sleep(30_000)]);
  await pool.close();
  send({
    type: 'result',
    accepted: accepted.sort((a, b) => a - b),
    failed,
    statuses,
    firstError,
    histogram: encode(histogram),
    lastSentMicros,
    cpuMicros: cpuSince(cpuStart),
    sendSlipMs: Math.round(sendSlipMs * 10) / 10,
  } satisfies PosterResult);
}

onMessage((message) => (message.type === 'start' ? run(message as unknown as PosterStart) : undefined));
send({ type: 'booted' });
