// A flood of reconnects, as a node sees it when another node restarts and all of that node's
// readers land on it at once: N websocket clients connect within the window socket.io-client's
// first reconnection attempt falls in (reconnectionDelay 1 s ± 50%: 0.5–1.5 s after the drop) and
// each joins a story, while /api/health is polled every 100 ms to show whether the node stalls.
// Not part of `pnpm test` (5,000 sockets do not belong in CI); run it by hand against a node:
//
//   taskset -c 0 node dist/main.js                                         # the node, on core 0
//   taskset -c 1 node test/faults/reconnect-flood.mjs http://127.0.0.1:3000 <story-slug> 5000
//
// (run from apps/api; see the README's "Faults" section for the figures measured here).
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';

const [baseUrl = 'http://127.0.0.1:3000', slug, countArg = '5000'] = process.argv.slice(2);
if (!slug) {
  console.error('usage: node reconnect-flood.mjs <baseUrl> <story-slug> [sockets]');
  process.exit(2);
}
const count = Number(countArg);
const errors = {};

function percentile(sorted, p) {
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const health = [];
let polling = true;
const pollHealth = (async () => {
  while (polling) {
    const started = performance.now();
    const status = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(30_000) })
      .then((response) => response.status)
      .catch(() => 'error');
    health.push({ ms: performance.now() - started, status });
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
})();

const sockets = [];
const joinMs = [];
let failures = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: count }, () =>
    new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 1000)).then(
      () =>
        new Promise((resolve) => {
          const socket = io(baseUrl, {
            transports: ['websocket'],
            forceNew: true,
            reconnection: false,
            timeout: 60_000,
          });
          sockets.push(socket);
          socket.once('connect_error', (error) => {
            failures++;
            errors[error.message] = (errors[error.message] ?? 0) + 1;
            resolve();
          });
          socket.once('connect', () => {
            socket
              .timeout(60_000)
              .emitWithAck('story:join', { slug })
              .then(
                (ack) => {
                  if (ack.ok) joinMs.push(performance.now() - started);
                  else failures++;
                },
                () => failures++,
              )
              .finally(resolve);
          });
        }),
    ),
  ),
);
const allJoinedMs = performance.now() - started;
polling = false;
await pollHealth;
for (const socket of sockets) socket.disconnect();

joinMs.sort((a, b) => a - b);
const healthMs = health.map((sample) => sample.ms).sort((a, b) => a - b);
console.log(
  JSON.stringify(
    {
      sockets: count,
      joined: joinMs.length,
      failures,
      errors,
      allJoinedMs: Math.round(allJoinedMs),
      joinedWithinMs: { p50: Math.round(percentile(joinMs, 50)), p99: Math.round(percentile(joinMs, 99)) },
      healthDuringFlood: {
        samples: health.length,
        maxMs: Math.round(healthMs.at(-1) ?? NaN),
        p99Ms: Math.round(percentile(healthMs, 99)),
        non200: health.filter((sample) => sample.status !== 200).length,
      },
    },
    null,
    2,
  ),
);
process.exit(0);
