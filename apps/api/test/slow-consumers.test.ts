import type { Socket as NetSocket } from 'node:net';
import type { Comment } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealtimeService } from '../src/realtime/realtime.service.js';
import type { ParleyServer } from '../src/realtime/realtime.types.js';
import { MAX_BUFFERED_PACKETS } from '../src/realtime/slow-consumers.js';
import { BOOT_TIMEOUT_MS, startApp, type TestApp } from './support/app.js';
import { createStory, createUser, postComment } from './support/factories.js';
import {
  closeAllSockets,
  connectSocket,
  joined,
  recordEvents,
  type ClientSocket,
} from './support/sockets.js';
import { waitFor } from './support/wait.js';

/** The TCP socket under a socket.io client's websocket (Node's `ws`), to stop reading from it. */
function tcpSocketOf(socket: ClientSocket): NetSocket {
  const transport = socket.io.engine.transport as unknown as { ws: { _socket: NetSocket } };
  return transport.ws._socket;
}

describe('a socket that stops reading', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApp({ engine: 'pglite' });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    closeAllSockets();
    await app?.close();
  });

  it(`is dropped once more than ${MAX_BUFFERED_PACKETS} packets wait for it; readers that read get everything`, async () => {
    const story = await createStory(app.db);
    const author = await createUser(app);
    const comment = await postComment(author.client, story.slug);
    const [reader, stuck] = await Promise.all([connectSocket(app.baseUrl), connectSocket(app.baseUrl)]);
    await joined(reader, story.slug);
    await joined(stuck, story.slug);
    const received = recordEvents(reader, 'comment:created');
    // The server's side of the stuck socket (the emit path keeps the server to itself).
    const realtime = app.app.get(RealtimeService);
    const server = (realtime as unknown as { server: ParleyServer }).server;
    const onServer = server.of('/').sockets.get(stuck.id!)!;
    let closedAt = 0;
    let reason = '';
    onServer.once('disconnect', (why) => {
      closedAt = Date.now();
      reason = why;
    });
    // The client stops reading: the kernel buffers fill, then the server queues packets in memory.
    const tcp = tcpSocketOf(stuck);
    tcp.on('error', () => undefined);
    tcp.pause();

    // 3,000 comments of 8 KB (24 MB): far more than the TCP buffers and the packet bound together.
    const big: Comment = { ...comment, body: 'x'.repeat(8 * 1024) };
    const count = 3000;
    for (let index = 0; index < count; index++) {
      realtime.commentCreated({ ...big, id: `${comment.id.slice(0, 24)}${String(index).padStart(12, '0')}` });
      // Paced by the reader (it shares this process): it never falls far behind, so only the socket
      // that stopped reading can pass the bound, however loaded the machine is.
      if (index % 100 === 99) {
        await waitFor(() => received.length >= index + 1 - 300, 'the reading socket to keep up', {
          timeoutMs: 20_000,
          everyMs: 5,
        });
      }
    }
    const emittedAt = Date.now();

    await waitFor(() => closedAt > 0, 'the server to drop the socket that stopped reading', {
      timeoutMs: 10_000,
    });
    await waitFor(() => received.length === count, `the reading socket to receive all ${count}`, {
      timeoutMs: 30_000,
    });
    console.info(`non-reading socket dropped ("${reason}") ${closedAt - emittedAt} ms after the last emit`);
    // Cut under unsent data: socket.io reports the write that failed. (Without the bound, a control
    // run keeps this socket past the 10 s wait.)
    expect(['transport error', 'transport close']).toContain(reason);
    expect(server.of('/').sockets.has(stuck.id!)).toBe(false);
    expect(reader.connected).toBe(true);
    // Dropped by the once-a-second check (it may even have come before the last emit).
    expect(closedAt - emittedAt).toBeLessThan(5000);
  }, 60_000);
});
