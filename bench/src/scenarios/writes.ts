/**
 * Writes: concurrent authors posting as fast as they are answered, through Parley's whole
 * pipeline (session, validation, refusals and automatic moderation, insert, re-read, broadcast),
 * against a bare node:http + pg endpoint doing the same INSERT. Parley runs as it is deployed
 * (REDIS_URL set) with seasoned authors — the target row —, then with fresh authors (the story
 * holds newcomers' posts, so they go to the moderators' queue) and without Redis. Each case prints
 * where a post's time goes (lib/post-cost.ts).
 */
import { createBaselineAuthors, giveHistory, setStoryPremod, type BenchDatabase } from '../lib/database.js';
import { meterPostCost, type PostCost } from '../lib/post-cost.js';
import { withChildren } from '../lib/processes.js';
import { startBareSql, startLoad, startParley } from '../lib/servers.js';
import { register } from '../lib/setup.js';
import { FILLER, profiled, uniqueTag, type Author, type Context } from './context.js';
import { runHttpLoad, type HttpMeasure } from './http.js';

/** Comments each seasoned author has already written. */
const SEASONED_HISTORY = 50;

export type WritesCaseName = 'redis, seasoned' | 'redis, fresh' | 'no redis, seasoned';

export interface WritesCase {
  name: WritesCaseName;
  measure: HttpMeasure;
  cost: PostCost;
}

export interface WritesMeasure {
  writers: number;
  /** The deployed case (Redis on, seasoned authors): the one the target judges. */
  parley: HttpMeasure;
  cases: WritesCase[];
  bare: HttpMeasure;
}

export async function runWrites(context: Context, count: number): Promise<WritesMeasure> {
  const { options, database, article } = context;
  const seasoned = context.authors.slice(0, count);
  if (seasoned.length < count) throw new Error(`only ${seasoned.length} authors for ${count} writers`);
  await giveHistory(
    database.url,
    seasoned.map((author) => author.id),
    article.id,
    SEASONED_HISTORY,
  );
  await setStoryPremod(database.url, article.id, 'new_users');
  const common = {
    method: 'POST' as const,
    concurrency: count,
    warmupMs: options.quick ? 500 : 1000,
    durationMs: options.writeDuration * 1000,
    filler: FILLER,
  };

  const cases: WritesCase[] = [];
  try {
    for (const name of ['redis, seasoned', 'redis, fresh', 'no redis, seasoned'] as const) {
      const redis = name.startsWith('redis');
      const label = `writes-${count}-${name.replace(/[^a-z]+/g, '-')}`;
      const prefix = `parley_bench_${uniqueTag()}`;
      if (redis) context.redisPrefixes.push(prefix);
      const result = await withChildren(async (children) => {
        const server = await startParley({
          name: label,
          databaseUrl: database.url,
          logDir: context.logDir,
          redisUrl: redis ? context.redisUrl : undefined,
          redisPrefix: redis ? prefix : undefined,
        });
        children.push(server.child);
        const authors: Author[] = name.endsWith('fresh') ? await register(server.origin, count) : seasoned;
        const load = await startLoad(`${label}-load`, 'http-load', context.logDir);
        children.push(load);
        let closeCost: Awaited<ReturnType<typeof meterPostCost>> | undefined;
        const measure = await profiled(context, label, [server.child], () =>
          runHttpLoad(
            load,
            server.child,
            database,
            {
              ...common,
              origin: server.origin,
              path: `/api/stories/${article.slug}/comments`,
              users: authors.map((author) => ({ cookie: author.cookie })),
              tag: uniqueTag(),
              clientIds: true,
            },
            async () => {
              closeCost = await meterPostCost(redis ? context.redisUrl : null);
            },
          ),
        );
        return { name, measure, cost: await closeCost!(measure.cpu, measure.requests) };
      });
      context.log(
        `    Parley (${name}): ${result.measure.perSecond} comments/s, p99 ${result.measure.latency.p99} ms`,
      );
      context.log(`      per post: ${describeCost(result.cost)}`);
      cases.push(result);
    }
  } finally {
    await setStoryPremod(database.url, article.id, 'off');
  }

  const bare = await runBare(context, database, count, common);
  context.log(`    bare:   ${bare.perSecond} inserts/s, p99 ${bare.latency.p99} ms`);
  return { writers: count, parley: cases[0]!.measure, cases, bare };
}

async function runBare(
  context: Context,
  database: BenchDatabase,
  count: number,
  common: { method: 'POST'; concurrency: number; warmupMs: number; durationMs: number; filler: string },
): Promise<HttpMeasure> {
  const baselineAuthors = await createBaselineAuthors(database.url, count);
  return withChildren(async (children) => {
    const server = await startBareSql(`writes-${count}-bare`, context.logDir, database.url);
    children.push(server.child);
    const load = await startLoad(`writes-${count}-bare-load`, 'http-load', context.logDir);
    children.push(load);
    return runHttpLoad(load, server.child, database, {
      ...common,
      origin: server.origin,
      path: '/comments',
      users: baselineAuthors.map((authorId) => ({ fields: { storyId: context.article.id, authorId } })),
      tag: uniqueTag(),
    });
  });
}

/** "server 2.1 ms CPU, Postgres 0.9 ms CPU, Redis 4.2 commands (publish 2, set 1, …) 0.1 ms CPU". */
export function describeCost(cost: PostCost): string {
  const parts = [`server ${cost.serverCpuMs} ms CPU`, `Postgres ${cost.postgresCpuMs} ms CPU`];
  if (cost.redis) {
    const top = Object.entries(cost.redis.byCommand)
      .slice(0, 5)
      .map(([command, calls]) => `${command} ${calls}`)
      .join(', ');
    parts.push(`Redis ${cost.redis.commands} commands (${top}) ${cost.redis.cpuMs} ms CPU`);
  }
  return parts.join(', ');
}
