import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { webChecks, webRows } from '../src/report/web.js';
import { embedFirstViews, measureWeb, servedReaderCatalogue, type WebMeasure } from '../src/scenarios/web.js';

const LOCALES = ['en', 'ru', 'uk', 'sr-Latn', 'sr-Cyrl', 'de', 'fr', 'es', 'ar'];

/** The smallest build measureWeb reads: an entry that loads ArticlePage lazily, and embed.js. */
function fakeDist(embedBytes: number): string {
  const dist = mkdtempSync(join(tmpdir(), 'bench-web-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<script type="module" src="/assets/index-a.js"></script>');
  writeFileSync(join(dist, 'assets/index-a.js'), 'const page = () => import("./ArticlePage-b.js");');
  writeFileSync(join(dist, 'assets/ArticlePage-b.js'), 'export default 1;');
  // Random bytes do not compress: gzip stays about as large as the file.
  writeFileSync(
    join(dist, 'embed.js'),
    Buffer.from(Array.from({ length: embedBytes }, () => Math.random() * 256)),
  );
  return dist;
}

const dists: string[] = [];
afterAll(() => dists.forEach((dist) => rmSync(dist, { recursive: true, force: true })));

describe('embed first view', () => {
  it('serves each reader catalogue as the api does: the messages parsed, in the locale', () => {
    const ru = JSON.parse(servedReaderCatalogue('ru')) as Record<string, unknown>;
    const leaves = JSON.stringify(ru).match(/"type":\d/g) ?? [];
    expect(leaves.length).toBeGreaterThan(50);
    expect(servedReaderCatalogue('ru')).toMatch(/[а-я]/);
    expect(servedReaderCatalogue('ar')).toMatch(/[\u0600-\u06ff]/);
  });

  it('adds the gzip of each locale’s catalogue to embed.js, one row a locale', () => {
    const views = embedFirstViews({ gzip: 40_000 });

    expect(views.map((view) => view.locale)).toEqual(LOCALES);
    for (const view of views) {
      expect(view.catalogueGzip).toBe(gzipSync(servedReaderCatalogue(view.locale), { level: 9 }).length);
      expect(view.gzip).toBe(40_000 + view.catalogueGzip);
    }
  });

  it('measures the first view from a build, and checks each locale against the 100 KB budget', () => {
    const small = measureWeb(track(fakeDist(20_000)));
    const large = measureWeb(track(fakeDist(100 * 1024)));

    const firstViews = (web: WebMeasure) =>
      webChecks(web).filter((check) => check.key.startsWith('embed-first-view:'));
    expect(firstViews(small).map((check) => [check.key, check.pass])).toEqual(
      LOCALES.map((locale) => [`embed-first-view:${locale}`, true]),
    );
    // embed.js alone at the budget: every language's first view is over it.
    expect(firstViews(large).every((check) => !check.pass)).toBe(true);
    const rows = webRows(small, webChecks(small)).filter((row) => row[1].includes('reader.json'));
    expect(rows.map((row) => row[1].split(':')[0])).toEqual(LOCALES);
    expect(rows.map((row) => row[0])).toEqual(['web, embed first view', ...LOCALES.slice(1).map(() => '')]);
    expect(rows.every((row) => row[5] === '< 100 KB' && row[6] === 'pass')).toBe(true);
  });

  it('has no first view without embed.js', () => {
    const dist = track(fakeDist(10));
    rmSync(join(dist, 'embed.js'));

    expect(measureWeb(dist).embedFirstView).toEqual([]);
  });
});

function track(dist: string): string {
  dists.push(dist);
  return dist;
}
