/**
 * What the comments' text search index costs posting: the writes scenario's load (the largest
 * `--writers` authors posting through Parley's whole pipeline as fast as answered) against the
 * search corpus, with the index in place and dropped, in the same run on the same server, in
 * alternating order (with/without, without/with, …) so that a change in the machine's load shows
 * as spread rather than as a difference. The index is rebuilt exactly as the migration builds it.
 */
import { loadavg } from 'node:os';
import { withClient } from '../lib/database.js';
import { withChildren } from '../lib/processes.js';
import { BODY_INDEX, buildBodyIndex } from '../lib/search-seed.js';
import { startLoad, startParley } from '../lib/servers.js';
import { FILLER, uniqueTag, type Context } from './context.js';
import { runHttpLoad, type HttpMeasure } from './http.js';

export type IndexState = 'with' | 'without';

export interface PostingRound {
  index: IndexState;
  /** The machine's 1-minute load average when the round started. */
  loadAverage: number;
  measure: HttpMeasure;
}

export interface PostingCost {
  writers: number;
  rounds: PostingRound[];
  /** Seconds to build the index again after a round without it (minutes at a million comments). */
  rebuildSeconds: number[];
}

/** `pairs` pairs, each pair in the other order from the last: with, without, without, with, with, … */
export function roundPlan(pairs: number): IndexState[] {
  return Array.from({ length: pairs }, (_, pair): IndexState[] =>
    pair % 2 === 0 ? ['with', 'without'] : ['without', 'with'],
  ).flat();
}

async function hasIndex(url: string): Promise<boolean> {
  return withClient(url, async (client) => {
    const result = await client.query('SELECT 1 FROM pg_indexes WHERE indexname = $1', [BODY_INDEX]);
    return result.rowCount === 1;
  });
}

async function setIndex(url: string, state: IndexState): Promise<number | null> {
  const present = await hasIndex(url);
  if (state === 'without' && present) {
    await withClient(url, (client) => client.query(`DROP INDEX ${BODY_INDEX}`));
  }
  if (state === 'with' && !present) return withClient(url, buildBodyIndex);
  return null;
}

export async function measurePostingCost(context: Context): Promise<PostingCost> {
  const { options } = context;
  const count = Math.max(...options.writers);
  const writers = context.authors.slice(0, count);
  const rounds: PostingRound[] = [];
  const rebuildSeconds: number[] = [];
  try {
    await withChildren(async (children) => {
      const server = await startParley({
        name: 'search-posting-parley',
        databaseUrl: context.database.url,
        logDir: context.logDir,
      });
      children.push(server.child);
      const load = await startLoad('search-posting-load', 'http-load', context.logDir);
      children.push(load);
      for (const [number, state] of roundPlan(options.indexRounds).entries()) {
        const rebuilt = await setIndex(context.database.url, state);
        if (rebuilt !== null) {
          rebuildSeconds.push(rebuilt);
          context.log(`    text index rebuilt in ${rebuilt} s`);
        }
        // Settle after the DDL (and the rebuild's I/O) before measuring.
        await withClient(context.database.url, (client) => client.query('CHECKPOINT')).catch(() => undefined);
        const loadAverage = Math.round(loadavg()[0]! * 100) / 100;
        const measure = await runHttpLoad(load, server.child, context.database, {
          method: 'POST',
          concurrency: count,
          warmupMs: options.quick ? 500 : 1000,
          durationMs: options.writeDuration * 1000,
          filler: FILLER,
          origin: server.origin,
          path: `/api/stories/${context.article.slug}/comments`,
          users: writers.map((author) => ({ cookie: author.cookie })),
          tag: uniqueTag(),
        });
        context.log(
          `    posting ${state} the text index (round ${number + 1}): ${measure.perSecond} comments/s, ` +
            `p99 ${measure.latency.p99} ms, load average ${loadAverage}`,
        );
        rounds.push({ index: state, loadAverage, measure });
      }
    });
  } finally {
    // A kept database is left as the migrations made it (a dropped one needs no rebuild).
    if (options.keepDb) await setIndex(context.database.url, 'with');
  }
  return { writers: writers.length, rounds, rebuildSeconds };
}
