import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS, startApp, type TestApp } from './support/app.js';

describe('embed scripts', () => {
  let sut: TestApp;
  let webDist: string;

  beforeAll(async () => {
    webDist = await mkdtemp(join(tmpdir(), 'parley-web-'));
    await mkdir(join(webDist, 'assets'));
    await writeFile(join(webDist, 'index.html'), '<!doctype html><title>Parley</title>');
    await writeFile(join(webDist, 'embed.js'), 'console.log("embed")');
    await writeFile(join(webDist, 'count.js'), 'console.log("count")');
    await writeFile(join(webDist, 'assets', 'app.js'), 'console.log("app")');
    sut = await startApp({ engine: 'pglite', env: { PARLEY_WEB_DIST: webDist } });
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await sut?.close();
    if (webDist) await rm(webDist, { recursive: true, force: true });
  });

  it.each(['/embed.js', '/count.js'])(
    'serves %s to other sites, as JavaScript, cached briefly',
    async (path) => {
      const response = await fetch(new URL(path, sut.baseUrl), {
        headers: { origin: 'https://news.example.org' },
      });

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(response.headers.get('cache-control')).toBe('public, max-age=300');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toContain('console.log');
    },
  );

  it('keeps every other file same-origin only', async () => {
    const asset = await fetch(new URL('/assets/app.js', sut.baseUrl));
    const page = await fetch(new URL('/', sut.baseUrl));

    expect(asset.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(page.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('answers HEAD on a page as GET, without the body', async () => {
    const get = await fetch(new URL('/', sut.baseUrl));
    // Raw bytes: fetch and node:http both drop whatever follows the headers of a HEAD answer.
    const head = await rawRequest(sut.baseUrl, 'HEAD /');
    const [headers = '', body] = head.split('\r\n\r\n');

    expect(headers).toMatch(/^HTTP\/1\.1 200 /);
    expect(headers).toContain(`Content-Type: ${get.headers.get('content-type')}\r\n`);
    expect(headers).toContain(`Content-Length: ${get.headers.get('content-length')}\r\n`);
    expect(body).toBe('');
    expect(await get.text()).toContain('<title>Parley</title>');
  });
});

/** Sends `request` (method and path) over a fresh connection and resolves everything the server wrote. */
function rawRequest(baseUrl: string, request: string): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    // write, not end: a half-closed request may be dropped before it is answered. The server
    // closes the connection after its answer (Connection: close).
    const socket = connect(Number(port), hostname, () => {
      socket.write(`${request} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
  });
}
