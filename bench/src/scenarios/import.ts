/**
 * Import: `parley import disqus` (the built CLI, as an operator runs it) on a generated Disqus
 * export, against a bare `COPY` of the very rows it wrote into a table like `comments` (same
 * columns, indexes and checks, no triggers or foreign keys), in the same run on the same database.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { processCpuMicros, processRssBytes } from '../lib/cpu.js';
import { withClient } from '../lib/database.js';
import { writeDisqusExport, type ExportSummary } from '../lib/disqus-export.js';
import { pinPrefix } from '../lib/pinning.js';
import { startNode } from '../lib/processes.js';
import { REPO_ROOT } from '../lib/servers.js';
import { uniqueTag, type Context } from './context.js';

const run = promisify(execFile);

export interface ImportMeasure {
  file: ExportSummary;
  /** The CLI's run, start to exit (Node's start, the checks and the cache refresh included). */
  importer: {
    seconds: number;
    postsPerSecond: number;
    commentsNew: number;
    /** The phases its report names, in seconds, in order. */
    phases: [phase: string, seconds: number][];
    peakRssMB: number;
    cpuPercent: number;
  };
  copy: { rows: number; seconds: number; rowsPerSecond: number };
  /** Importer posts/s ÷ COPY rows/s. */
  ratio: number;
  loadAverage: number[];
}

const COMMENTS_SCHEMA = 'bench_copy';

/** The heap limit `pnpm parley` runs with (the root package.json's script): the CLI as people run it. */
function cliHeapLimit(): string {
  const scripts = (
    JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  const flag = /--max-old-space-size=\d+/.exec(scripts.parley ?? '')?.[0];
  if (!flag) throw new Error('the root package.json\'s "parley" script sets no --max-old-space-size');
  return flag;
}

export async function runImport(context: Context): Promise<ImportMeasure> {
  const { options, database } = context;
  const posts = options.importPosts;
  const shape = {
    posts,
    threads: Math.max(1, Math.round(posts / 100)),
    authors: Math.max(1, Math.round(posts / 40)),
  };
  const path = join(tmpdir(), `parley-bench-import-${uniqueTag()}.xml`);
  try {
    const generating = performance.now();
    const file = writeDisqusExport(path, shape);
    context.log(
      `    generated ${(file.bytes / 2 ** 20).toFixed(1)} MB: ${posts.toLocaleString('en-US')} posts, ${shape.threads} threads, ` +
        `${shape.authors} authors in ${((performance.now() - generating) / 1000).toFixed(1)} s`,
    );
    const loadAverage = loadavg().map((value) => Math.round(value * 100) / 100);
    const importer = await runCli(context, path, posts);
    context.log(
      `    parley import: ${importer.postsPerSecond} posts/s (${importer.seconds} s), peak RSS ${importer.peakRssMB} MB; ` +
        importer.phases.map(([phase, seconds]) => `${phase} ${seconds} s`).join(', '),
    );
    const copy = await bareCopy(database.url);
    context.log(
      `    bare COPY: ${copy.rowsPerSecond} rows/s (${copy.rows.toLocaleString('en-US')} rows in ${copy.seconds} s)`,
    );
    return { file, importer, copy, ratio: importer.postsPerSecond / copy.rowsPerSecond, loadAverage };
  } finally {
    rmSync(path, { force: true });
  }
}

/** Runs the CLI pinned as a server, sampling its peak RSS (VmHWM) and CPU until it exits. */
async function runCli(context: Context, path: string, posts: number): Promise<ImportMeasure['importer']> {
  const profileArgs: string[] = context.options.profile
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${join(context.resultsDir, 'profiles')}`,
        '--cpu-prof-name=import.cpuprofile',
      ]
    : [];
  const started = performance.now();
  const child = startNode(
    'import-parley',
    join(REPO_ROOT, 'apps/api/dist/cli/parley.js'),
    ['import', 'disqus', path],
    {
      cwd: REPO_ROOT,
      logDir: context.logDir,
      role: 'server',
      ipc: false,
      // As `pnpm parley` runs it (the root package.json): a heap limit keeps the RSS bounded.
      execArgv: [cliHeapLimit(), ...profileArgs],
      env: {
        NODE_ENV: 'production',
        DATABASE_URL: context.database.url,
        REDIS_URL: undefined,
        PARLEY_DATA_DIR: undefined,
      },
    },
  );
  let peak = 0;
  let cpuMicros = 0;
  const sample = () => {
    const rss = processRssBytes(child.pid, 'VmHWM');
    const cpu = processCpuMicros(child.pid);
    if (Number.isFinite(rss)) peak = Math.max(peak, rss);
    if (Number.isFinite(cpu)) cpuMicros = Math.max(cpuMicros, cpu);
  };
  const sampler = setInterval(sample, 50);
  const code = await child.exited.finally(() => clearInterval(sampler));
  const seconds = (performance.now() - started) / 1000;
  const output = readFileSync(child.logPath, 'utf8');
  if (code !== 0)
    throw new Error(
      `parley import exited with ${code}: ${output.trim().split('\n').at(-1)} (log: ${child.logPath})`,
    );
  const report = parseImportReport(output);
  return {
    seconds: Math.round(seconds * 10) / 10,
    postsPerSecond: Math.round(posts / seconds),
    commentsNew: report.commentsNew,
    phases: report.phases,
    peakRssMB: Math.round(peak / 2 ** 20),
    cpuPercent: Math.round((cpuMicros / 1e6 / seconds) * 1000) / 10,
  };
}

/** The figures a bench needs from the CLI's report: new comments, and the time of each phase. */
export function parseImportReport(output: string): { commentsNew: number; phases: [string, number][] } {
  const comments = /^comments: (\d+) new/m.exec(output);
  const time = /^time: [\d.]+ s \((.*)\)$/m.exec(output);
  if (!comments || !time) throw new Error(`no import report in the CLI's output`);
  const phases = time[1]!.split(', ').map((part): [string, number] => {
    const match = /^(.+) ([\d.]+) s$/.exec(part);
    return [match?.[1] ?? part, Number(match?.[2] ?? NaN)];
  });
  return { commentsNew: Number(comments[1]), phases };
}

/**
 * The rows the import wrote, copied out (not timed), then `\copy`'d by psql (pinned like the
 * importer) into a fresh table made `LIKE comments INCLUDING ALL` in a schema of its own (timed).
 */
async function bareCopy(url: string): Promise<ImportMeasure['copy']> {
  const rows = join(tmpdir(), `parley-bench-copy-${uniqueTag()}.tsv`);
  try {
    await run('psql', [
      url,
      '-v',
      'ON_ERROR_STOP=1',
      '-qc',
      `\\copy (SELECT * FROM comments WHERE import_source = 'disqus') TO '${rows}'`,
    ]);
    await withClient(url, async (client) => {
      await client.query(`DROP SCHEMA IF EXISTS ${COMMENTS_SCHEMA} CASCADE`);
      await client.query(`CREATE SCHEMA ${COMMENTS_SCHEMA}`);
      await client.query(`CREATE TABLE ${COMMENTS_SCHEMA}.comments (LIKE public.comments INCLUDING ALL)`);
    });
    const [command, ...args] = [
      ...pinPrefix('server'),
      'psql',
      url,
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      `\\copy ${COMMENTS_SCHEMA}.comments FROM '${rows}'`,
    ];
    const started = performance.now();
    const { stdout } = await run(command!, args);
    const seconds = (performance.now() - started) / 1000;
    const copied = Number(/COPY (\d+)/.exec(stdout)?.[1] ?? NaN);
    return {
      rows: copied,
      seconds: Math.round(seconds * 10) / 10,
      rowsPerSecond: Math.round(copied / seconds),
    };
  } finally {
    rmSync(rows, { force: true });
    await withClient(url, (client) => client.query(`DROP SCHEMA IF EXISTS ${COMMENTS_SCHEMA} CASCADE`)).catch(
      () => undefined,
    );
  }
}
