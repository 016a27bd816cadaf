/**
 * `pnpm bench`: starts Parley (built for production) and bare baselines on loopback over a
 * throwaway Postgres database (and Redis for two nodes), drives them from separate load
 * processes, prints a table and writes bench/results/latest.json. See bench/README.md.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import {
  allowFastPosting,
  storyId,
  createBenchDatabase,
  seedThread,
  type BenchDatabase,
} from './lib/database.js';
import { log, started } from './lib/log.js';
import { describeMachine } from './lib/machine.js';
import { detectPinning } from './lib/pinning.js';
import { abort, fdLimits, stopAll, withChildren } from './lib/processes.js';
import { REPO_ROOT, startParley } from './lib/servers.js';
import { cleanRedis, ensureBuilt, register } from './lib/setup.js';
import { parseOptions, type ScenarioName } from './options.js';
import { renderTable } from './report/table.js';
import { checkTargets, type FanoutPair, type Results } from './report/targets.js';
import { embedFirstViewLines } from './report/web.js';
import type { Author, Context } from './scenarios/context.js';
import { runFanout } from './scenarios/fanout.js';
import { runImport } from './scenarios/import.js';
import { runJoinWave } from './scenarios/joinwave.js';
import { runReads } from './scenarios/reads.js';
import { runSearch } from './scenarios/search.js';
import { measureWeb, webDistReady } from './scenarios/web.js';
import { runScoring } from './scenarios/scoring.js';
import { runWrites } from './scenarios/writes.js';
import { printSummary } from './summary.js';

const LAUNCH_ARTICLE = 'lavrov-west-balkans-bridgehead';
const READS_ARTICLE = 'bench-reads';

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const resultsDir = resolve(REPO_ROOT, 'bench/results');
  const logDir = join(resultsDir, 'logs');
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  if (options.profile) {
    rmSync(join(resultsDir, 'profiles'), { recursive: true, force: true });
    mkdirSync(join(resultsDir, 'profiles'), { recursive: true });
  }
  const out = options.out || join(resultsDir, 'latest.json');
  const want = (name: ScenarioName) => options.only.includes(name);

  ensureBuilt(options);
  const pinned = detectPinning(options.pin);
  const machine = await describeMachine(options, pinned);
  log(
    `${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, Postgres ${machine.postgres}, Redis ${machine.redis}`,
  );
  log(
    `mode: ${options.quick ? 'quick' : 'full'}; scenarios: ${options.only.join(', ')}; load average ${machine.loadAverageAtStart.join(' ')}`,
  );
  log(`pinning: ${pinned.note}`);
  const neededFds = Math.max(...options.sockets, ...options.multiSockets, ...options.waveSockets) + 200;
  if (neededFds > fdLimits.hard)
    log(`warning: ${neededFds} descriptors per server needed, hard limit is ${fdLimits.hard}`);

  const results: Results = {};
  const errors: { scenario: string; message: string }[] = [];
  const timings: Record<string, number> = {};
  let database: BenchDatabase | undefined;
  const redisPrefixes: string[] = [];
  try {
    database = await createBenchDatabase(options.databaseUrl);
    log(`database ${database.name} created`);
    const setupStarted = performance.now();
    const needServer = options.only.some((name) => name !== 'web');
    let authors: Author[] = [];
    if (needServer) {
      // The first start migrates the database; authors sign up through the API as readers do.
      authors = await withChildren(async (children) => {
        const server = await startParley({ name: 'setup-parley', databaseUrl: database!.url, logDir });
        children.push(server.child);
        return register(server.origin, Math.max(...options.writers, options.scoringWriters));
      });
      await allowFastPosting(database.url);
      log(`migrated; ${authors.length} authors registered; post interval set to 0 s`);
    }
    const readsArticles: Context['readsArticles'] = [];
    if (want('reads')) {
      for (const comments of options.comments) {
        const slug = `${READS_ARTICLE}-${comments}`;
        const seed = await seedThread(database.url, slug, comments);
        readsArticles.push({ slug, id: seed.storyId, comments });
        log(
          `seeded ${slug}: ${seed.topLevel.toLocaleString('en-US')} top-level comments, ${seed.replies.toLocaleString('en-US')} replies, ` +
            `${seed.reactions.toLocaleString('en-US')} likes in ${seed.seconds} s`,
        );
      }
    }
    timings.setup = Math.round(performance.now() - setupStarted) / 1000;
    const context: Context = {
      options,
      database,
      redisUrl: options.redisUrl,
      resultsDir,
      logDir,
      authors,
      article: { slug: LAUNCH_ARTICLE, id: needServer ? await storyId(database.url, LAUNCH_ARTICLE) : '' },
      readsArticles,
      redisPrefixes,
      log,
    };

    const scenario = async (name: ScenarioName, work: () => Promise<void>) => {
      if (!want(name) || abort.requested) return;
      const scenarioStarted = performance.now();
      log(`${name}…`);
      try {
        await work();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        errors.push({ scenario: name, message });
        log(`${name} FAILED: ${message}`);
      } finally {
        timings[name] = Math.round(performance.now() - scenarioStarted) / 1000;
      }
    };
    const fanoutPairs = async (nodes: number, sizes: number[], repeats: number): Promise<FanoutPair[]> => {
      const pairs: FanoutPair[] = [];
      // The largest size runs `repeats` times, so the report can show the spread of the ratio.
      const plan = sizes.flatMap((sockets, index) =>
        Array.from({ length: index === sizes.length - 1 ? repeats : 1 }, (_, run) => ({
          sockets,
          run: run + 1,
          runs: index === sizes.length - 1 ? repeats : 1,
        })),
      );
      for (const { sockets, run, runs } of plan) {
        const runLabel = runs > 1 ? ` (run ${run}/${runs})` : '';
        log(`  ${sockets} sockets, ${nodes} node${nodes > 1 ? 's' : ''}${runLabel}: Parley`);
        const parley = await runFanout(context, 'parley', nodes, sockets);
        log(
          `    p50 ${parley.latency.p50} p99 ${parley.latency.p99} ms, delivered ${(parley.deliveredRatio * 100).toFixed(2)}%`,
        );
        log(`  ${sockets} sockets, ${nodes} node${nodes > 1 ? 's' : ''}: bare socket.io`);
        const bare = await runFanout(context, 'bare', nodes, sockets);
        log(
          `    p50 ${bare.latency.p50} p99 ${bare.latency.p99} ms, delivered ${(bare.deliveredRatio * 100).toFixed(2)}%`,
        );
        pairs.push({ nodes, sockets, run, runs, parley, bare });
      }
      return pairs;
    };

    await scenario('fanout', async () => {
      results.fanout = await fanoutPairs(1, options.sockets, options.repeats);
    });
    await scenario('multinode', async () => {
      results.multinode = await fanoutPairs(2, options.multiSockets, options.repeats);
    });
    await scenario('joinwave', async () => {
      results.joinwave = [];
      for (const sockets of options.waveSockets) {
        log(`  ${sockets} sockets joining within ${options.waveSeconds} s`);
        const wave = await runJoinWave(context, sockets);
        const frames = wave.presenceFrames;
        log(
          `    ${wave.joined}/${sockets} joined in ${wave.joinSeconds} s; presence frames per socket min ${frames.min} median ${frames.median} max ${frames.max}`,
        );
        results.joinwave.push(wave);
      }
    });
    await scenario('writes', async () => {
      results.writes = [];
      for (const writers of options.writers) {
        log(`  ${writers} authors`);
        results.writes.push(await runWrites(context, writers));
      }
    });
    await scenario('scoring', async () => {
      results.scoring = [];
      for (let run = 1; run <= options.scoringRepeats; run++) {
        const runs = options.scoringRepeats;
        log(
          `  ${options.scoringWriters} authors, scoring on and off${runs > 1 ? ` (run ${run}/${runs})` : ''}`,
        );
        results.scoring.push(await runScoring(context, options.scoringWriters, run, runs));
      }
    });
    await scenario('reads', async () => {
      results.reads = [];
      for (const article of readsArticles) {
        log(`  ${article.comments.toLocaleString('en-US')} comments`);
        results.reads.push(await runReads(context, article));
      }
    });
    // Last of the database scenarios: its million comments would change what the others measure.
    await scenario('search', async () => {
      log(`  ${options.searchComments.toLocaleString('en-US')} comments`);
      results.search = await runSearch(context);
    });
    // After search, so its comments do not change what the others measure; on a database of its own
    // (`--only=import`) the importer starts from an empty comments table, as the README's figure does.
    await scenario('import', async () => {
      log(`  ${options.importPosts.toLocaleString('en-US')}-post Disqus export`);
      results.import = await runImport(context);
    });
    await scenario('web', () => {
      const dist = process.env.PARLEY_WEB_DIST
        ? resolve(process.env.PARLEY_WEB_DIST)
        : join(REPO_ROOT, 'apps/web/dist');
      if (!webDistReady(dist)) throw new Error(`no build in ${dist}`);
      results.web = measureWeb(dist);
      log(
        `  article page JS ${results.web.totals.jsGzipKB} KB gzip, embed.js ${results.web.embed ? Math.round(results.web.embed.gzip / 102.4) / 10 : '–'} KB gzip`,
      );
      for (const line of embedFirstViewLines(results.web)) log(line);
      return Promise.resolve();
    });
  } finally {
    await stopAll();
    if (database && !options.keepDb) {
      await database
        .drop()
        .catch((error: unknown) => log(`could not drop ${database!.name}: ${String(error)}`));
      log(`database ${database.name} dropped`);
    } else if (database) log(`database kept: ${database.name}`);
    await cleanRedis(options.redisUrl, redisPrefixes).catch(() => undefined);
  }

  if (abort.requested) {
    console.log('Interrupted: servers stopped and the database dropped; no results written.');
    return 130;
  }
  const loadAtEnd = loadavg().map((value) => Math.round(value * 100) / 100);
  const checks = checkTargets(results);
  const table = renderTable(results, checks);
  const totalSeconds = Math.round(performance.now() - started) / 1000;
  writeFileSync(
    out,
    `${JSON.stringify({ generatedAt: new Date().toISOString(), machine: { ...machine, loadAverageAtEnd: loadAtEnd }, options, totalSeconds, timings, results, checks, errors }, null, 2)}\n`,
  );

  printSummary({
    options,
    machine,
    loadAtEnd,
    table,
    checks,
    results,
    errors,
    resultsDir,
    out,
    totalSeconds,
    timings,
  });
  return errors.length ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (abort.requested) return;
    abort.requested = true;
    console.error(`\n${signal}: stopping servers and load generators, then dropping the database…`);
    // The running scenario fails, no new process starts, and main's cleanup drops the database.
    void stopAll();
    setTimeout(() => process.exit(130), 20_000).unref();
  });
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    await stopAll();
    process.exit(1);
  },
);
