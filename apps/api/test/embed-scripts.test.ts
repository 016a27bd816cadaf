import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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
});
