import { io } from 'socket.io-client';
import type { QueueCounts, Ack } from '@parley/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OriginCheckingIoAdapter } from '../src/realtime/origin-checking-io.adapter.js';
import { BOOT_TIMEOUT_MS, setupTable, startApp, type TestApp } from './support/app.js';
import { createUser } from './support/factories.js';
import { closeAllSockets, connectSocket, waitForConnect, type ClientSocket } from './support/sockets.js';

describe.each(setupTable())('hostile clients over %s', (_label, { engine, redis }) => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startApp({ engine, redis });
  }, BOOT_TIMEOUT_MS);
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await sut?.close();
  });

  describe(OriginCheckingIoAdapter.name, () => {
    const unopened: ClientSocket[] = [];
    afterEach(() => {
      for (const socket of unopened.splice(0)) socket.disconnect();
    });

    /** A socket as a page on `origin` would open it, with the visitor's cookie. */
    function socketFrom(origin: string | undefined, cookie: string, transport: 'websocket' | 'polling') {
      const headers: Record<string, string> = { cookie };
      if (origin) headers.origin = origin;
      const socket: ClientSocket = io(sut.baseUrl, {
        transports: [transport],
        forceNew: true,
        reconnection: false,
        extraHeaders: headers,
      });
      unopened.push(socket);
      return socket;
    }

    it.each(['websocket', 'polling'] as const)(
      'refuses a %s handshake from another origin, even with a moderator cookie',
      async (transport) => {
        const moderator = await createUser(sut, { role: 'moderator' });
        const socket = socketFrom('http://evil.example', moderator.client.cookie!, transport);

        await expect(waitForConnect(socket)).rejects.toThrow();
        expect(socket.connected).toBe(false);
      },
    );

    it.each(['websocket', 'polling'] as const)(
      'accepts a %s handshake from the site itself, which then reads the queue',
      async (transport) => {
        const moderator = await createUser(sut, { role: 'moderator' });
        const socket = socketFrom(sut.baseUrl, moderator.client.cookie!, transport);

        await waitForConnect(socket);
        const ack: Ack<QueueCounts> = await socket.timeout(10_000).emitWithAck('moderation:join', {});

        expect(ack.ok).toBe(true);
      },
    );

    it('accepts a handshake without Origin (not a browser), as HTTP does', async () => {
      const reader = await createUser(sut);

      const socket = await connectSocket(sut.baseUrl, { cookie: reader.client.cookie });

      expect(socket.connected).toBe(true);
    });
  });
});

describe('hostile clients with PARLEY_ORIGINS set', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startApp({ engine: 'pglite', env: { PARLEY_ORIGINS: 'https://comments.example.org' } });
  }, BOOT_TIMEOUT_MS);
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await sut?.close();
  });

  /** Opens a websocket as a page on `origin` would; resolves whether the handshake was accepted. */
  async function handshakeFrom(origin: string): Promise<boolean> {
    const socket: ClientSocket = io(sut.baseUrl, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { origin },
    });
    try {
      await waitForConnect(socket);
      return true;
    } catch {
      return false;
    } finally {
      socket.disconnect();
    }
  }

  it('accepts a socket only from a listed origin, whatever the Host', async () => {
    expect(await handshakeFrom('https://comments.example.org')).toBe(true);
    expect(await handshakeFrom(sut.baseUrl)).toBe(false);
    expect(await handshakeFrom('https://evil.example')).toBe(false);
  });
});
