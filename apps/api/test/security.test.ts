import { randomInt } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import type { QueueCounts, Ack } from '@parley/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ParleyIoAdapter } from '../src/realtime/parley-io.adapter.js';
import { BOOT_TIMEOUT_MS, startApp, type TestApp } from './support/app.js';
import { createUser, uniqueName } from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';
import { closeAllSockets, connectSocket, waitForConnect, type ClientSocket } from './support/sockets.js';
import { appSuite, type AppSuiteOptions } from './support/suite.js';

const options: AppSuiteOptions = { env: { PARLEY_SIGNUPS_PER_HOUR: '3' }, closeSocketsAfterEach: true };

appSuite('hostile clients', options, (sut, { engine }) => {
  /** A client whose requests come from `address` (the app trusts X-Forwarded-For from loopback). */
  function clientFrom(address: string): ApiClient {
    const client = new ApiClient(sut.baseUrl);
    const request = client.request.bind(client);
    client.request = (method, path, options = {}) =>
      request(method, path, { ...options, headers: { 'x-forwarded-for': address, ...options.headers } });
    return client;
  }

  let addressCounter = 0;
  function freshAddress(): string {
    addressCounter += 1;
    return `10.${engine === 'postgres' ? 4 : 3}.${Math.floor(addressCounter / 250)}.${(addressCounter % 250) + 1}`;
  }

  function register(address: string, username = uniqueName()) {
    return clientFrom(address).post('/api/auth/register', { username, password: 'long-enough-1' });
  }

  describe('POST /api/auth/register limits', () => {
    it('allows PARLEY_SIGNUPS_PER_HOUR accounts per address, then 429 auth/rate_limited with when to retry', async () => {
      const address = freshAddress();
      for (let index = 0; index < 3; index++) expect((await register(address)).status).toBe(201);
      const username = uniqueName();

      const refused = await register(address, username);

      expect(refused.status).toBe(429);
      expect(errorOf(refused).code).toBe('auth/rate_limited');
      expect(errorOf(refused).details?.retryAfterSeconds).toBeGreaterThan(0);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      const row = await sut.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirst();
      expect(row).toBeUndefined();
      expect((await register(freshAddress())).status).toBe(201);
    });

    it('counts IPv6 addresses by their /64', async () => {
      const net = `2001:db8:${engine === 'postgres' ? 2 : 1}:${randomInt(1, 0xffff).toString(16)}`;
      for (const host of ['::1', '::2', ':ffff::9'])
        expect((await register(`${net}${host}`)).status).toBe(201);

      expect((await register(`${net}::abcd`)).status).toBe(429);
      expect((await register(`${net.replace(/:[0-9a-f]+$/, ':0')}::1`)).status).toBe(201);
    });

    it('does not count attempts that made no account (taken or reserved names)', async () => {
      const address = freshAddress();
      const taken = await createUser(sut);
      for (let index = 0; index < 3; index++) {
        expect((await register(address, taken.username)).status).toBe(409);
        expect((await register(address, `the_admin${index}`)).status).toBe(409);
      }

      for (let index = 0; index < 3; index++) expect((await register(address)).status).toBe(201);
    });
  });

  describe('POST /api/auth/login limits', () => {
    const signIn = (address: string, username: string, password: string) =>
      clientFrom(address).post('/api/auth/login', { username, password });

    it('charges before checking: 25 wrong passwords at once from one address get at most 10 checks', async () => {
      const user = await createUser(sut);
      const address = freshAddress();

      const answers = await Promise.all(
        Array.from({ length: 25 }, (_, index) => signIn(address, user.username, `wrong-${index}`)),
      );

      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(10);
      expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(15);
    });

    it("a stranger's wrong passwords for a moderator do not lock the moderator out of their own address", async () => {
      const moderator = await createUser(sut, { role: 'moderator' });
      const stranger = freshAddress();
      for (let attempt = 0; attempt < 10; attempt++) {
        expect((await signIn(stranger, moderator.username, `guess-${attempt}`)).status).toBe(401);
      }
      expect((await signIn(stranger, moderator.username, moderator.password)).status).toBe(429);

      const own = await signIn(freshAddress(), moderator.username, moderator.password);

      expect(own.status).toBe(200);
    });

    it('past 30 failures for a username from many addresses, blocks new addresses but not the usual one', async () => {
      const moderator = await createUser(sut, { role: 'moderator' });
      const usual = freshAddress();
      expect((await signIn(usual, moderator.username, moderator.password)).status).toBe(200);
      const failures = await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          signIn(freshAddress(), moderator.username, `guess-${index}`),
        ),
      );
      expect(failures.map((answer) => answer.status)).toEqual(Array(30).fill(401));

      const blocked = await signIn(freshAddress(), moderator.username, moderator.password);
      const fromUsual = await signIn(usual, moderator.username, moderator.password);

      expect(blocked.status).toBe(429);
      expect(errorOf(blocked).details?.retryAfterSeconds).toBeGreaterThanOrEqual(55);
      expect(fromUsual.status).toBe(200);
    });
  });

  describe('security headers', () => {
    it('answers the API with nosniff, the referrer policy, a CSP that allows nothing, and no HSTS over HTTP', async () => {
      const response = await new ApiClient(sut.baseUrl).get('/api/health');

      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('content-security-policy')).toBe(
        "default-src 'none';frame-ancestors 'none'",
      );
      expect(response.headers.get('strict-transport-security')).toBeNull();
      expect(response.headers.get('x-powered-by')).toBeNull();
    });
  });

  describe(ParleyIoAdapter.name, () => {
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

describe('hostile clients with PARLEY_ORIGINS set, over HTTPS', () => {
  let sut: TestApp;
  let webDist: string;

  beforeAll(async () => {
    webDist = await mkdtemp(join(tmpdir(), 'parley-web-'));
    await mkdir(join(webDist, 'assets'));
    await writeFile(join(webDist, 'index.html'), '<!doctype html><title>Parley</title>');
    sut = await startApp({
      engine: 'pglite',
      env: {
        PARLEY_ORIGINS: 'https://comments.example.org',
        PARLEY_SECURE_COOKIES: 'true',
        PARLEY_WEB_DIST: webDist,
      },
    });
  }, BOOT_TIMEOUT_MS);
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await sut?.close();
    if (webDist) await rm(webDist, { recursive: true, force: true });
  });

  /** The directives of a Content-Security-Policy header, by name. */
  function directives(header: string | null): Record<string, string> {
    return Object.fromEntries(
      (header ?? '').split(';').map((directive) => {
        const [name = '', ...values] = directive.trim().split(/\s+/);
        return [name, values.join(' ')];
      }),
    );
  }

  it.each(['/stories/lavrov-west-balkans-bridgehead', '/moderate'])(
    'serves the page %s under a strict CSP: own scripts, styles and live connection only, never framed',
    async (path) => {
      const response = await fetch(new URL(path, sut.baseUrl), { headers: { accept: 'text/html' } });

      expect(response.status).toBe(200);
      expect(directives(response.headers.get('content-security-policy'))).toMatchObject({
        'default-src': "'self'",
        'script-src': "'self'",
        'script-src-attr': "'none'",
        'style-src': "'self'",
        'connect-src': "'self' wss://comments.example.org",
        'object-src': "'none'",
        'frame-ancestors': "'none'",
        'upgrade-insecure-requests': '',
      });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=31536000/);
    },
  );

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

  it('accepts a socket only from a listed origin or Parley’s own', async () => {
    expect(await handshakeFrom('https://comments.example.org')).toBe(true);
    // Parley's own origin (the requested host) is always allowed.
    expect(await handshakeFrom(sut.baseUrl)).toBe(true);
    expect(await handshakeFrom('https://evil.example')).toBe(false);
  });
});
