/**
 * Writes: concurrent authors posting as fast as they are answered, through Parley's whole
 * pipeline (session, validation, refusals and automatic moderation, insert, re-read, broadcast),
 * against a bare node:http + pg endpoint doing the same INSERT.
 */
import { createBaselineAuthors } from '../lib/database.js';
import { withChildren } from '../lib/processes.js';
import { startBareSql, startLoad, startParley } from '../lib/servers.js';
import { FILLER, profiled, uniqueTag, type Context } from './context.js';
import { runHttpLoad, type HttpMeasure } from './http.js';

export interface WritesMeasure {
  writers: number;
  parley: HttpMeasure;
  bare: HttpMeasure;
}

export async function runWrites(context: Context, count: number): Promise<WritesMeasure> {
  const { options } = context;
  const writers = context.authors.slice(0, count);
  if (writers.length < count) throw new Error(`only ${writers.length} authors for ${count} writers`);
  const common = {
    method: 'POST' as const,
    concurrency: count,
    warmupMs: options.quick ? 500 : 1000,
    durationMs: options.writeDuration * 1000,
    filler: FILLER,
  };

  const parley = await withChildren(async (children) => {
    const server = await startParley({
      name: `writes-${count}-parley`,
      databaseUrl: context.database.url,
      logDir: context.logDir,
    });
    children.push(server.child);
    const load = await startLoad(`writes-${count}-parley-load`, 'http-load', context.logDir);
    children.push(load);
    return profiled(context, `writes-${count}-parley`, [server.child], () =>
      runHttpLoad(load, server.child, context.database, {
        ...common,
        origin: server.origin,
        path: `/api/stories/${context.article.slug}/comments`,
        users: writers.map((author) => ({ cookie: author.cookie })),
        tag: uniqueTag(),
      }),
    );
  });
  context.log(`    Parley: ${parley.perSecond} comments/s, p99 ${parley.latency.p99} ms`);

  const baselineAuthors = await createBaselineAuthors(context.database.url, count);
  const bare = await withChildren(async (children) => {
    const server = await startBareSql(`writes-${count}-bare`, context.logDir, context.database.url);
    children.push(server.child);
    const load = await startLoad(`writes-${count}-bare-load`, 'http-load', context.logDir);
    children.push(load);
    return runHttpLoad(load, server.child, context.database, {
      ...common,
      origin: server.origin,
      path: '/comments',
      users: baselineAuthors.map((authorId) => ({ fields: { storyId: context.article.id, authorId } })),
      tag: uniqueTag(),
    });
  });
  context.log(`    bare:   ${bare.perSecond} inserts/s, p99 ${bare.latency.p99} ms`);
  return { writers: writers.length, parley, bare };
}
