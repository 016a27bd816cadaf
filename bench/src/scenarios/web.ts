/**
 * Web: what a reader downloads for the article page, from the production build in
 * apps/web/dist. Initial = the scripts and styles index.html references, plus every chunk those
 * scripts import statically. Article page = the lazily loaded ArticlePage chunk, plus what it
 * imports statically and the styles Vite preloads with it, less what the initial load has.
 * Embed = dist/embed.js, the script other sites load (JS and CSS in one file). Its first view in a
 * language adds the reader catalogue it fetches then (GET /locales/<locale>/reader.json), the body
 * the api serves worked out here from the catalogue file as the api does (serve-catalogues.ts).
 * Sizes are gzip -9 of each file, as a server or CDN would send them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LOCALES, compileCatalogue, type Catalogue, type Locale } from '@parley/shared/i18n';

export interface Asset {
  file: string;
  bytes: number;
  gzip: number;
}

export interface WebMeasure {
  dist: string;
  initial: { js: Asset[]; css: Asset[] };
  articlePage: { js: Asset[]; css: Asset[] };
  totals: { jsGzipKB: number; cssGzipKB: number; jsBytesKB: number };
  /** embed.js, which carries its CSS inside (the embed's whole download); null without one. */
  embed: Asset | null;
  /** The embed's first view in each language, in LOCALES order; empty without embed.js. */
  embedFirstView: EmbedFirstView[];
}

/** What the embed downloads before it shows anything in one language. */
export interface EmbedFirstView {
  locale: Locale;
  /** gzip bytes of the reader catalogue as the api serves it. */
  catalogueGzip: number;
  /** embed.js + that catalogue, gzip bytes. */
  gzip: number;
}

const require = createRequire(import.meta.url);

const STATIC_IMPORT = /(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]*?from\s*)?["'`](\.\/[^"'`]+\.js)["'`]/g;

const gzipBytes = (content: Buffer | string) => gzipSync(content, { level: 9 }).length;

function asset(dist: string, file: string): Asset {
  const content = readFileSync(join(dist, file));
  return { file, bytes: content.length, gzip: gzipBytes(content) };
}

/** The body of GET /locales/<locale>/reader.json: the catalogue file, its messages parsed (ICU). */
export function servedReaderCatalogue(locale: Locale): string {
  const file = require.resolve(`@parley/shared/locales/${locale}/reader.json`);
  return JSON.stringify(compileCatalogue(JSON.parse(readFileSync(file, 'utf8')) as Catalogue));
}

/** embed.js plus each language's reader catalogue, as the embed's first view fetches them. */
export function embedFirstViews(embed: Pick<Asset, 'gzip'>): EmbedFirstView[] {
  return LOCALES.map((locale) => {
    const catalogueGzip = gzipBytes(servedReaderCatalogue(locale));
    return { locale, catalogueGzip, gzip: embed.gzip + catalogueGzip };
  });
}

/** `assets/x.js` and every chunk it imports statically, transitively. */
function staticClosure(dist: string, entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const source = readFileSync(join(dist, entry), 'utf8');
  for (const match of source.matchAll(STATIC_IMPORT)) {
    staticClosure(dist, `assets/${match[1]!.slice(2)}`, seen);
  }
  return seen;
}

export function measureWeb(dist: string): WebMeasure {
  const index = readFileSync(join(dist, 'index.html'), 'utf8');
  const scripts = [...index.matchAll(/<script[^>]*type="module"[^>]*src="\/([^"]+)"/g)].map(
    (match) => match[1]!,
  );
  const preloads = [...index.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/([^"]+)"/g)].map(
    (match) => match[1]!,
  );
  const styles = [...index.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="\/([^"]+)"/g)].map(
    (match) => match[1]!,
  );
  const initialJs = new Set<string>();
  for (const script of [...scripts, ...preloads]) staticClosure(dist, script, initialJs);

  // Vite lists each lazy route's chunk and its preloaded deps in __vite__mapDeps; find ArticlePage's.
  let articleJs = new Set<string>();
  const articleCss = new Set<string>();
  for (const file of initialJs) {
    const source = readFileSync(join(dist, file), 'utf8');
    const deps = /m\.f=(\[[^\]]*\])/.exec(source);
    const table = deps ? (JSON.parse(deps[1]!) as string[]) : [];
    const lazy =
      /import\(["'`]\.\/(ArticlePage-[^"'`]+\.js)["'`]\)(?:\s*,\s*__vite__mapDeps\(\[([\d,]*)\]\))?/.exec(
        source,
      );
    if (!lazy) continue;
    articleJs = staticClosure(dist, `assets/${lazy[1]!}`);
    for (const position of (lazy[2] ?? '').split(',').filter(Boolean)) {
      const file = table[Number(position)];
      if (file?.endsWith('.css')) articleCss.add(file);
      else if (file?.endsWith('.js')) staticClosure(dist, file, articleJs);
    }
  }
  if (articleJs.size === 0) throw new Error(`web: no lazily loaded ArticlePage chunk found in ${dist}`);
  const initial = {
    js: [...initialJs].map((file) => asset(dist, file)),
    css: styles.map((file) => asset(dist, file)),
  };
  const articlePage = {
    js: [...articleJs].filter((file) => !initialJs.has(file)).map((file) => asset(dist, file)),
    css: [...articleCss].filter((file) => !styles.includes(file)).map((file) => asset(dist, file)),
  };
  const embed = existsSync(join(dist, 'embed.js')) ? asset(dist, 'embed.js') : null;
  const sum = (assets: Asset[], key: 'gzip' | 'bytes') =>
    Math.round((assets.reduce((total, item) => total + item[key], 0) / 1024) * 10) / 10;
  return {
    dist,
    initial,
    articlePage,
    totals: {
      jsGzipKB: sum([...initial.js, ...articlePage.js], 'gzip'),
      cssGzipKB: sum([...initial.css, ...articlePage.css], 'gzip'),
      jsBytesKB: sum([...initial.js, ...articlePage.js], 'bytes'),
    },
    embed,
    embedFirstView: embed ? embedFirstViews(embed) : [],
  };
}

export function webDistReady(dist: string): boolean {
  return existsSync(join(dist, 'index.html'));
}
