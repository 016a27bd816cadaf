import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCompiledTranslator, type CompiledCatalogue } from '@parley/shared/i18n';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS, startApp, type TestApp } from './support/app.js';

describe('message catalogues for browsers', () => {
  let sut: TestApp;
  let webDist: string;

  beforeAll(async () => {
    // A built web app, so the page fallback is in place and must leave /locales alone.
    webDist = await mkdtemp(join(tmpdir(), 'parley-web-'));
    await mkdir(join(webDist, 'assets'));
    await writeFile(join(webDist, 'index.html'), '<!doctype html><html lang="en"><title>Parley</title>');
    sut = await startApp({ engine: 'pglite', env: { PARLEY_WEB_DIST: webDist } });
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await sut?.close();
    if (webDist) await rm(webDist, { recursive: true, force: true });
  });

  it('serves a locale catalogue parsed, to any site, and formats with its plural rules', async () => {
    const response = await fetch(new URL('/locales/ru/reader.json', sut.baseUrl), {
      headers: { origin: 'https://news.example.org' },
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const t = createCompiledTranslator('ru', [(await response.json()) as CompiledCatalogue]);
    expect(t('thread.showNew', { count: 5 })).toBe('Показать 5 новых комментариев');
  });

  it('answers a repeat with 304 when its ETag still matches', async () => {
    const first = await fetch(new URL('/locales/sr-Latn/reader.json', sut.baseUrl));
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);

    const again = await fetch(new URL('/locales/sr-Latn/reader.json', sut.baseUrl), {
      headers: { 'if-none-match': etag! },
    });

    expect(again.status).toBe(304);
  });

  it.each([
    '/locales/pt/reader.json',
    '/locales/en/mail.json',
    '/locales/en/nothing.json',
    '/locales/en/%2e%2e%2fpackage.json',
  ])('has no %s: unknown locales, server-only namespaces and other paths are not found', async (path) => {
    const response = await fetch(new URL(path, sut.baseUrl));

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).not.toMatch(/^text\/html/);
  });

  it.each([
    ['sr-ME,en;q=0.5', 'sr-Latn', 'ltr'],
    ['pt-BR, ar;q=0.8', 'ar', 'rtl'],
    ['', 'en', 'ltr'],
  ])('starts the page for Accept-Language %j in %s, %s', async (accept, lang, dir) => {
    const response = await fetch(new URL('/stories/any', sut.baseUrl), {
      headers: accept ? { 'accept-language': accept } : {},
    });

    expect(response.headers.get('vary')).toMatch(/accept-language/i);
    expect(await response.text()).toContain(`<html lang="${lang}" dir="${dir}">`);
  });
});

describe('the site language (PARLEY_DEFAULT_LOCALE)', () => {
  let sut: TestApp;
  let webDist: string;

  beforeAll(async () => {
    webDist = await mkdtemp(join(tmpdir(), 'parley-web-'));
    await writeFile(join(webDist, 'index.html'), '<!doctype html><html lang="en"><title>Parley</title>');
    sut = await startApp({
      engine: 'pglite',
      env: { PARLEY_WEB_DIST: webDist, PARLEY_DEFAULT_LOCALE: 'de' },
    });
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await sut?.close();
    if (webDist) await rm(webDist, { recursive: true, force: true });
  });

  it('is the page language for readers whose languages Parley does not speak', async () => {
    const response = await fetch(new URL('/', sut.baseUrl), {
      headers: { 'accept-language': 'ja, pt;q=0.9' },
    });

    expect(await response.text()).toContain('<html lang="de" dir="ltr">');
  });
});
