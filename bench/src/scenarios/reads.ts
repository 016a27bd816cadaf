/**
 * Reads: one article with a big seeded thread. For each sort, the first page and a page deep in
 * the thread (its cursor found by following `nextCursor`), each hammered by concurrent readers;
 * and the newest first page signed in (each reader an author with a session), which Parley serves
 * from the cached page with each reader's likes set (one query of theirs per request).
 * Parley's `GET /api/stories/:slug/comments` against a bare node:http + pg endpoint running the
 * same keyset SQL (50 top-level comments, up to 3 replies each).
 */
import { withChildren } from '../lib/processes.js';
import { startBareSql, startLoad, startParley } from '../lib/servers.js';
import { profiled, type Context } from './context.js';
import { runHttpLoad, type HttpMeasure } from './http.js';

export const SORTS = ['newest', 'oldest', 'top', 'replies'] as const;
export type Sort = (typeof SORTS)[number];

/** The anonymous first page (cached), a page deep in the thread, and the first page signed in (the cached page with the viewer's likes set). */
export type ReadPage = 'first' | 'deep' | 'signed-in';

export interface ReadCase {
  sort: Sort;
  page: ReadPage;
  /** The cursor of the deep page (base64url JSON of its sort key), or null for the first page. */
  cursor: string | null;
  parley: HttpMeasure;
  bare: HttpMeasure;
  /** Whether both returned the same top-level comments, in the same order, with as many replies. */
  sameRows: boolean;
}

export interface ReadsMeasure {
  comments: number;
  cases: ReadCase[];
}

interface Page {
  items: { id: string; replies: unknown[] }[];
  nextCursor: string | null;
}

async function getPage(url: string, cookie?: string): Promise<Page> {
  const response = await fetch(url, cookie ? { headers: { cookie } } : {});
  if (!response.ok)
    throw new Error(`GET ${url}: ${response.status} ${(await response.text()).slice(0, 200)}`);
  return (await response.json()) as Page;
}

function shape(page: Page): string {
  return page.items.map((item) => `${item.id}:${item.replies.length}`).join(',');
}

export async function runReads(
  context: Context,
  article: { slug: string; id: string; comments: number },
): Promise<ReadsMeasure> {
  const { options } = context;
  const size = article.comments;
  const limit = options.pageSize;
  const parleyPath = (sort: Sort, cursor: string | null) =>
    `/api/stories/${article.slug}/comments?sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
  const barePath = (sort: Sort, cursor: string | null) =>
    `/thread?slug=${article.slug}&sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
  const load = {
    method: 'GET' as const,
    concurrency: options.readConcurrency,
    warmupMs: options.quick ? 300 : 500,
    durationMs: options.readDuration * 1000,
  };
  const plan: { sort: Sort; page: ReadPage; cursor: string | null }[] = [];
  const viewers = context.authors.map((author) => ({ cookie: author.cookie }));
  const parleyPages = new Map<string, string>();

  const parley = await withChildren(async (children) => {
    const server = await startParley({
      name: `reads-${size}-parley`,
      databaseUrl: context.database.url,
      logDir: context.logDir,
    });
    children.push(server.child);
    for (const sort of SORTS) {
      const first = await getPage(server.origin + parleyPath(sort, null));
      let cursor = first.nextCursor;
      for (let page = 1; page < options.deepPages && cursor; page++) {
        cursor = (await getPage(server.origin + parleyPath(sort, cursor))).nextCursor;
      }
      if (!cursor) throw new Error(`reads: the "${sort}" thread has fewer than ${options.deepPages} pages`);
      plan.push({ sort, page: 'first', cursor: null }, { sort, page: 'deep', cursor });
      parleyPages.set(`${sort}:first`, shape(first));
      parleyPages.set(`${sort}:deep`, shape(await getPage(server.origin + parleyPath(sort, cursor))));
    }
    // Signed in, the page carries the viewer's own reactions: the cached page with them set, per request.
    plan.push({ sort: 'newest', page: 'signed-in', cursor: null });
    parleyPages.set(
      'newest:signed-in',
      shape(await getPage(server.origin + parleyPath('newest', null), viewers[0]!.cookie)),
    );
    const generator = await startLoad(`reads-${size}-parley-load`, 'http-load', context.logDir);
    children.push(generator);
    const measures: HttpMeasure[] = [];
    for (const item of plan) {
      const label = `reads-${size}-parley-${item.sort}-${item.page}`;
      const measure = await profiled(context, label, [server.child], () =>
        runHttpLoad(generator, server.child, context.database, {
          ...load,
          origin: server.origin,
          path: parleyPath(item.sort, item.cursor),
          ...(item.page === 'signed-in' && { users: viewers }),
        }),
      );
      context.log(
        `    Parley ${item.sort}/${item.page}: ${measure.perSecond} req/s, p99 ${measure.latency.p99} ms`,
      );
      measures.push(measure);
    }
    return measures;
  });

  const bareShapes = new Map<string, string>();
  const bare = await withChildren(async (children) => {
    const server = await startBareSql(`reads-${size}-bare`, context.logDir, context.database.url);
    children.push(server.child);
    const generator = await startLoad(`reads-${size}-bare-load`, 'http-load', context.logDir);
    children.push(generator);
    const measures: HttpMeasure[] = [];
    for (const item of plan) {
      bareShapes.set(
        `${item.sort}:${item.page}`,
        shape(await getPage(server.origin + barePath(item.sort, item.cursor))),
      );
      const measure = await runHttpLoad(generator, server.child, context.database, {
        ...load,
        origin: server.origin,
        path: barePath(item.sort, item.cursor),
      });
      context.log(
        `    bare   ${item.sort}/${item.page}: ${measure.perSecond} req/s, p99 ${measure.latency.p99} ms`,
      );
      measures.push(measure);
    }
    return measures;
  });

  return {
    comments: size,
    cases: plan.map((item, index) => ({
      ...item,
      parley: parley[index]!,
      bare: bare[index]!,
      sameRows: parleyPages.get(`${item.sort}:${item.page}`) === bareShapes.get(`${item.sort}:${item.page}`),
    })),
  };
}
