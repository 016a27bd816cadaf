/**
 * Load generator: many thin socket.io clients in one process. A full socket.io-client per socket
 * costs more CPU than the server it measures, so this speaks the engine.io v4 / socket.io v5
 * protocol over a bare `ws` socket and parses only what it needs:
 *
 *   server `0{…}` (engine.io open)          → client `40` (connect the default namespace)
 *   server `40{…}` (namespace connected)    → client `420["story:join",{"slug":…}]` (ack id 0)
 *   server `430[{"ok":true,…}]` (the ack)   → joined
 *   server `2` (ping)                       → client `3` (pong)
 *   server `42["comment:created",{…}]`      → find the marker `bm<tag> <seq> <sentMicros>` in the
 *                                             body with a byte search; no JSON.parse
 *
 * Latency is receive time minus the send time the poster wrote into the body; both are
 * process.hrtime (CLOCK_MONOTONIC), which every process on the machine shares.
 */
import WebSocket from 'ws';
import { cpuSince, exitWithParent, onMessage, send } from '../lib/child.js';
import { encode, newHistogram, recordMicros } from '../lib/stats.js';

export interface SocketClientsStart {
  type: 'start';
  /** Where to open sockets, e.g. two API nodes: `ws://127.0.0.1:PORT`. */
  targets: { origin: string; count: number }[];
  slug: string;
  /** Marker prefix of measured comments in this run, e.g. `bm3f9a`. */
  marker: string;
  /** Highest sequence number the poster can send, to size the per-socket receipt bitmap. */
  maxSeq: number;
  joinConcurrency: number;
  joinTimeoutMs: number;
  /** Join wave: open one socket every `paceMs` instead of as fast as `joinConcurrency` allows. */
  paceMs?: number;
}

/** Join wave: `presence:updated` frames each socket received since it joined (one entry per socket). */
export interface SocketClientsFrames {
  type: 'frames';
  presence: number[];
  /** How late the last socket was opened against the pace, ms. */
  paceSlipMs: number;
}

export interface SocketClientsReady {
  type: 'ready';
  joined: number;
  failed: number;
  errors: string[];
  joinMs: number;
}

export interface SocketClientsResult {
  type: 'result';
  histogram: string;
  delivered: number;
  expected: number;
  /** Sockets that closed after joining (should be 0). */
  dropped: number;
  /** Mean size of a measured `comment:created` frame, bytes. */
  frameBytes: number;
  /** When the last measured frame arrived (process.hrtime, µs). */
  lastReceivedMicros: number;
  cpuMicros: number;
  wallMicros: number;
}

const OPEN = 0x30; // '0'
const PING = 0x32; // '2'
const MESSAGE = 0x34; // '4'
const SIO_CONNECT = 0x30;
const SIO_CONNECT_ERROR = 0x34;
const SIO_EVENT = 0x32;
const SIO_ACK = 0x33;
const PRESENCE = Buffer.from('"presence:updated"');

interface Client {
  ws: WebSocket;
  got: Uint8Array;
  received: number;
  joined: boolean;
  presence: number;
}

exitWithParent();

const clients: Client[] = [];
const histogram = newHistogram();
let marker: Buffer = Buffer.alloc(0);
let dropped = 0;
let frameBytes = 0;
let frames = 0;
let lastReceivedMicros = 0;
let measureCpu = process.cpuUsage();
let measureWall = process.hrtime.bigint();
let paceSlipMs = 0;

function nowMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** Reads a non-negative decimal integer at `offset`; returns [value, offset after it]. */
function readNumber(data: Buffer, offset: number): [number, number] {
  let value = 0;
  let index = offset;
  while (index < data.length) {
    const digit = data[index]! - 0x30;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
    index++;
  }
  return [value, index];
}

function onFrame(client: Client, data: Buffer): void {
  const kind = data[0];
  if (kind === MESSAGE && data[1] === SIO_EVENT) {
    const at = data.indexOf(marker);
    if (at < 0) {
      if (data.indexOf(PRESENCE) === 3) client.presence++;
      return;
    }
    const received = nowMicros();
    const [seq, afterSeq] = readNumber(data, at + marker.length);
    const [sentMicros] = readNumber(data, afterSeq + 1);
    if (seq >= client.got.length || client.got[seq]) return;
    client.got[seq] = 1;
    client.received++;
    frames++;
    frameBytes += data.length;
    lastReceivedMicros = received;
    recordMicros(histogram, received - sentMicros);
  } else if (kind === PING && data.length === 1) {
    client.ws.send('3');
  }
}

function connect(origin: string, slug: string, maxSeq: number, timeoutMs: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${origin}/socket.io/?EIO=4&transport=websocket`, {
      perMessageDeflate: false,
      skipUTF8Validation: true,
    });
    const client: Client = { ws, got: new Uint8Array(maxSeq + 1), received: 0, joined: false, presence: 0 };
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('join timed out'));
    }, timeoutMs);
    const joinFrame = `420${JSON.stringify(['story:join', { slug }])}`;
    ws.on('message', (raw: Buffer) => {
      if (client.joined) return onFrame(client, raw);
      const kind = raw[0];
      if (kind === OPEN) ws.send('40');
      else if (kind === PING && raw.length === 1) ws.send('3');
      else if (kind === MESSAGE && raw[1] === SIO_CONNECT) ws.send(joinFrame);
      else if (kind === MESSAGE && raw[1] === SIO_CONNECT_ERROR) {
        clearTimeout(timer);
        ws.terminate();
        reject(new Error(`connect refused: ${raw.toString().slice(0, 120)}`));
      } else if (kind === MESSAGE && raw[1] === SIO_ACK && raw[2] === 0x30) {
        clearTimeout(timer);
        client.joined = true;
        // The socket is in the room once the server acks, even when the ack reports an error
        // (the join handler joins before it counts readers); the error is still reported.
        if (raw.includes('"ok":true')) resolve(client);
        else reject(Object.assign(new Error(`join ack: ${raw.toString().slice(3, 200)}`), { client }));
      } else if (kind === MESSAGE && raw[1] === SIO_EVENT) {
        onFrame(client, raw);
      }
    });
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    ws.on('close', () => {
      if (client.joined) dropped++;
    });
  });
}

async function start(message: SocketClientsStart): Promise<void> {
  marker = Buffer.from(`${message.marker} `);
  const started = Date.now();
  const plan = message.targets.flatMap((target) => Array.from({ length: target.count }, () => target.origin));
  const errors = new Map<string, number>();
  let next = 0;
  let failed = 0;
  const pace = message.paceMs;
  const worker = async () => {
    while (next < plan.length) {
      const index = next++;
      const origin = plan[index]!;
      if (pace) {
        const wait = started + index * pace - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        paceSlipMs = Math.max(paceSlipMs, Date.now() - (started + index * pace));
      }
      try {
        clients.push(await connect(origin, message.slug, message.maxSeq, message.joinTimeoutMs));
      } catch (error) {
        const joined = (error as { client?: Client }).client;
        if (joined) clients.push(joined);
        else failed++;
        const text = error instanceof Error ? error.message : String(error);
        errors.set(text, (errors.get(text) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: message.joinConcurrency }, worker));
  send({
    type: 'ready',
    joined: clients.length,
    failed,
    errors: [...errors].map(([text, count]) => `${count}× ${text}`),
    joinMs: Date.now() - started,
  } satisfies SocketClientsReady);
}

/** Waits until every socket has every accepted comment, or the deadline passes. */
async function drain(seqs: number[], timeoutMs: number): Promise<void> {
  const expected = seqs.length * clients.length;
  const count = () => {
    let delivered = 0;
    for (const client of clients) for (const seq of seqs) delivered += client.got[seq] ?? 0;
    return delivered;
  };
  const deadline = Date.now() + timeoutMs;
  let delivered = count();
  while (delivered < expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    delivered = count();
  }
  send({
    type: 'result',
    histogram: encode(histogram),
    delivered,
    expected,
    dropped,
    frameBytes: frames ? Math.round(frameBytes / frames) : 0,
    lastReceivedMicros,
    cpuMicros: cpuSince(measureCpu),
    wallMicros: Number((process.hrtime.bigint() - measureWall) / 1000n),
  } satisfies SocketClientsResult);
}

onMessage(async (message) => {
  switch (message.type) {
    case 'start':
      return start(message as unknown as SocketClientsStart);
    case 'measure':
      measureCpu = process.cpuUsage();
      measureWall = process.hrtime.bigint();
      return;
    case 'frames':
      send({
        type: 'frames',
        presence: clients.map((client) => client.presence),
        paceSlipMs,
      } satisfies SocketClientsFrames);
      return;
    case 'drain':
      return drain(message.seqs as number[], message.timeoutMs as number);
    case 'close':
      for (const client of clients) client.ws.terminate();
      setTimeout(() => process.exit(0), 50);
      return;
    default:
      return;
  }
});
send({ type: 'booted' });
