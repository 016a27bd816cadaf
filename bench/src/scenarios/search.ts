/**
 * Search: moderators' `GET /api/moderation/search` over a seeded corpus (search-seed.ts), through
 * Parley's real HTTP endpoint as a signed-in moderator, each search of search-cases.ts hammered by
 * `--search-concurrency` moderators for `--search-duration` s. Then what the text index costs
 * posting (search-posting.ts). No bare baseline: the target is absolute (p99 ≤ 100 ms).
 */
import { withChildren } from '../lib/processes.js';
import { withClient } from '../lib/database.js';
import { seedSearchCorpus, type SearchSeed } from '../lib/search-seed.js';
import { startLoad, startParley } from '../lib/servers.js';
import { register } from '../lib/setup.js';
import { profiled, type Context } from './context.js';
import { runHttpLoad, type HttpMeasure } from './http.js';
import { SEARCH_CASES, searchPath, type SearchCaseSpec } from './search-cases.js';
import { measurePostingCost, type PostingCost } from './search-posting.js';

export interface SearchCase {
  name: string;
  path: string;
  /** Comments whose text matches (names aside; deleted ones not counted), and of those the filter's. */
  matches: number;
  /** Results on the measured page. */
  results: number;
  parley: HttpMeasure;
}

export interface SearchMeasure {
  comments: number;
  seed: SearchSeed;
  concurrency: number;
  cases: SearchCase[];
  posting: PostingCost | null;
}

interface Page {
  items: unknown[];
  nextCursor: string | null;
}

async function getPage(url: string, cookie: string): Promise<Page> {
  const response = await fetch(url, { headers: { cookie } });
  if (!response.ok)
    throw new Error(`GET ${url}: ${response.status} ${(await response.text()).slice(0, 200)}`);
  return (await response.json()) as Page;
}

async function countMatches(url: string, spec: SearchCaseSpec, filters: { user: string; storyId: string }) {
  return withClient(url, async (client) => {
    const result = await client.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM comments
        WHERE to_tsvector('simple', body) @@ to_tsquery('simple', $1) AND status <> 'deleted'
          AND ($2::uuid IS NULL OR author_id = $2) AND ($3::uuid IS NULL OR story_id = $3)`,
      [
        spec.tsquery,
        spec.filter === 'user' ? filters.user : null,
        spec.filter === 'story' ? filters.storyId : null,
      ],
    );
    return result.rows[0]!.count;
  });
}

export async function runSearch(context: Context): Promise<SearchMeasure> {
  const { options } = context;
  const size = options.searchComments;
  const seed = await seedSearchCorpus(context.database.url, size);
  context.log(
    `    seeded ${size.toLocaleString('en-US')} comments, ${seed.stories.toLocaleString('en-US')} stories, ` +
      `${seed.authors.toLocaleString('en-US')} authors in ${seed.seconds} s (text index built in ${seed.indexSeconds} s); ` +
      `busiest story ${seed.busyStory.comments.toLocaleString('en-US')} comments, author ${seed.busyAuthor.comments.toLocaleString('en-US')}`,
  );
  const filters = { user: seed.busyAuthor.id, story: seed.busyStory.slug };
  const limit = 20;
  const load = {
    method: 'GET' as const,
    concurrency: options.searchConcurrency,
    warmupMs: options.quick ? 300 : 1000,
    durationMs: options.searchDuration * 1000,
  };

  const cases = await withChildren(async (children) => {
    const server = await startParley({
      name: `search-${size}-parley`,
      databaseUrl: context.database.url,
      logDir: context.logDir,
    });
    children.push(server.child);
    // One moderator, signed up as anyone is and then promoted, as an admin would.
    const [moderator] = await register(server.origin, 1);
    await withClient(context.database.url, (client) =>
      client.query(`UPDATE users SET role = 'moderator' WHERE id = $1`, [moderator!.id]),
    );
    const generator = await startLoad(`search-${size}-load`, 'http-load', context.logDir);
    children.push(generator);
    const measured: SearchCase[] = [];
    for (const spec of SEARCH_CASES) {
      const first = await getPage(server.origin + searchPath(spec, filters, limit), moderator!.cookie);
      let path = searchPath(spec, filters, limit);
      let page = first;
      if (spec.secondPage) {
        if (!first.nextCursor) throw new Error(`search "${spec.name}": no second page`);
        path = searchPath(spec, filters, limit, first.nextCursor);
        page = await getPage(server.origin + path, moderator!.cookie);
      }
      const matches = await countMatches(context.database.url, spec, {
        user: seed.busyAuthor.id,
        storyId: seed.busyStory.id,
      });
      const label = `search-${size}-${spec.name.replace(/[^a-z0-9]+/g, '-')}`;
      const measure = await profiled(context, label, [server.child], () =>
        runHttpLoad(generator, server.child, context.database, {
          ...load,
          origin: server.origin,
          path,
          users: [{ cookie: moderator!.cookie }],
        }),
      );
      context.log(
        `    ${spec.name}: ${measure.perSecond} req/s, p50 ${measure.latency.p50} p99 ${measure.latency.p99} ms (${matches.toLocaleString('en-US')} matches)`,
      );
      measured.push({ name: spec.name, path, matches, results: page.items.length, parley: measure });
    }
    return measured;
  });

  const posting = options.indexRounds > 0 ? await measurePostingCost(context) : null;
  return { comments: size, seed, concurrency: options.searchConcurrency, cases, posting };
}
