/**
 * Load generator: a closed loop of `concurrency` virtual users, each sending its next request as
 * soon as the previous one is answered, for a fixed time after a short unmeasured warm-up.
 * GET (reads) sends the same path every time; POST (writes) sends a fresh comment body per
 * request, with the user's own cookie (Parley) or author id (baseline).
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import { cpuSince, exitWithParent, onMessage, send } from '../lib/child.js';
import { encode, newHistogram, recordMicros } from '../lib/stats.js';

export interface HttpLoadStart {
  type: 'start';
  origin: string;
  method: 'GET' | 'POST';
  path: string;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** POST only: one entry per virtual user (used round-robin when fewer than `concurrency`). */
  users?: { cookie?: string; fields?: Record<string, string> }[];
  /** POST only: the comment text after a unique prefix. */
  filler?: string;
  tag?: string;
  /** POST only: send a fresh `clientId` with each comment, as Parley's composer does. */
  clientIds?: boolean;
}

export interface HttpLoadResult {
  type: 'result';
  histogram: string;
  ok: number;
  failed: number;
  statuses: Record<string, number>;
  firstError: string | null;
  bytes: number;
  elapsedMs: number;
  cpuMicros: number;
}

exitWithParent();

async function run(message: HttpLoadStart): Promise<void> {
  const pool = new Pool(message.origin, { connections: message.concurrency });
  const histogram = newHistogram();
  const statuses: Record<string, number> = {};
  let ok = 0;
  let failed = 0;
  let bytes = 0;
  let firstError: string | null = null;
  const begin = performance.now();
  const measureFrom = begin + message.warmupMs;
  const end = measureFrom + message.durationMs;
  let cpuStart = process.cpuUsage();
  let cpuMarked = false;

  const user = async (vu: number) => {
    const who = message.users?.[vu % message.users.length];
    for (let seq = 0; performance.now() < end; seq++) {
      const body =
        message.method === 'POST'
          ? JSON.stringify({
              ...who?.fields,
              body: `bw${message.tag} ${vu} ${seq} ${message.filler ?? ''}`,
              ...(message.clientIds ? { clientId: randomUUID() } : {}),
            })
          : undefined;
      const headers: Record<string, string> = {};
      if (body) headers['content-type'] = 'application/json';
      if (who?.cookie) headers.cookie = who.cookie;
      const sent = performance.now();
      const measured = sent >= measureFrom;
      if (measured && !cpuMarked) {
        cpuMarked = true;
        cpuStart = process.cpuUsage();
      }
      try {
        const response = await pool.request({ method: message.method, path: message.path, headers, body });
        const payload = await response.body.arrayBuffer();
        if (!measured) continue;
        recordMicros(histogram, (performance.now() - sent) * 1000);
        statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
        bytes += payload.byteLength;
        if (response.statusCode >= 200 && response.statusCode < 300) ok++;
        else {
          failed++;
          firstError ??= `${response.statusCode} ${Buffer.from(payload).toString('utf8').slice(0, 200)}`;
        }
      } catch (error) {
        if (!measured) continue;
        failed++;
        statuses.error = (statuses.error ?? 0) + 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: message.concurrency }, (_, vu) => user(vu)));
  const elapsedMs = performance.now() - measureFrom;
  await pool.close();
  send({
    type: 'result',
    histogram: encode(histogram),
    ok,
    failed,
    statuses,
    firstError,
    bytes,
    elapsedMs,
    cpuMicros: cpuSince(cpuStart),
  } satisfies HttpLoadResult);
}

onMessage((message) => (message.type === 'start' ? run(message as unknown as HttpLoadStart) : undefined));
send({ type: 'booted' });
