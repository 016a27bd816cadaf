/** What a run prints when it ends: the machine, the table, each target's verdict, notes and profiles. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Machine } from './lib/machine.js';
import { REPO_ROOT } from './lib/servers.js';
import type { Options } from './options.js';
import { invalidNotes } from './report/notes.js';
import type { Results, TargetCheck } from './report/targets.js';
import type { Asset } from './scenarios/web.js';
import { formatHotspots, hotspots } from './tools/hotspots.js';

export interface RunSummary {
  options: Options;
  machine: Machine;
  loadAtEnd: number[];
  table: string;
  checks: TargetCheck[];
  results: Results;
  errors: { scenario: string; message: string }[];
  resultsDir: string;
  /** The results file written. */
  out: string;
  totalSeconds: number;
  timings: Record<string, number>;
}

export function printSummary(run: RunSummary): void {
  const {
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
  } = run;
  const pinned = machine.pinning;
  console.log('');
  console.log(
    `Parley bench (${options.quick ? 'quick' : 'full'}) on ${machine.cores} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ` +
      `Node ${machine.node}, Postgres ${machine.postgres}, Redis ${machine.redis}; load average at start ${machine.loadAverageAtStart.join(' ')}`,
  );
  console.log(`Pinning: ${pinned.note}.`);
  console.log(
    `CPU columns are % of one core over each measured window (/proc utime+stime); a case whose load processes were saturated or fell behind is INVALID (see bench/README.md).`,
  );
  const busiest = Math.max(...machine.loadAverageAtStart, ...loadAtEnd);
  if (busiest > machine.cores) {
    console.log(
      `Warning: load average reached ${busiest} on ${machine.cores} cores (start ${machine.loadAverageAtStart.join(' ')}, ` +
        `end ${loadAtEnd.join(' ')}): other processes competed for the CPU, so absolute figures are inflated; ratios less so.`,
    );
  }
  console.log('');
  console.log(table);
  console.log('');
  if (checks.some((check) => check.reducedSize)) {
    console.log(
      "* sizes below the target's (10,000 sockets on one node, 5,000 per node on two, 100,000 comments, 1,000,000 for search; for import 200,000 posts, 1,000,000 for its RSS): indicative only.",
    );
  }
  for (const check of checks) {
    console.log(
      `${check.invalid ? 'INVALID' : check.pass ? 'pass' : 'MISS'}  ${check.name}: ${check.detail}`,
    );
  }
  if (results.web) {
    const kb = (bytes: number) => (bytes / 1024).toFixed(1);
    const list = (assets: Asset[]) =>
      assets.map((item) => `${item.file} ${kb(item.bytes)} KB (${kb(item.gzip)} KB gzip)`).join(', ') ||
      'none';
    console.log(`web initial JS: ${list(results.web.initial.js)}; CSS: ${list(results.web.initial.css)}`);
    console.log(
      `web article page JS: ${list(results.web.articlePage.js)}; CSS: ${list(results.web.articlePage.css)}`,
    );
  }
  const model = results.scoring?.find((pair) => pair.model)?.model;
  if (model) {
    console.log(
      `scoring model: ${model.name} (sha256 ${model.sha256.slice(0, 12)}…) from ${options.modelDir ?? 'apps/api/models/tiny-toxicity'}`,
    );
  }
  for (const line of invalidNotes(results)) console.log(line);
  for (const error of errors) console.log(`ERROR in ${error.scenario}: ${error.message}`);
  if (options.profile) {
    const dir = join(resultsDir, 'profiles');
    for (const file of readdirSync(dir)
      .filter((name) => name.endsWith('.cpuprofile'))
      .sort()) {
      const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Parameters<typeof hotspots>[0];
      console.log('');
      console.log(formatHotspots(relative(REPO_ROOT, join(dir, file)), hotspots(profile, 12)));
    }
  }
  console.log('');
  console.log(
    `${relative(process.cwd(), out) || out} written; ${totalSeconds} s in all (${Object.entries(timings)
      .map(([name, seconds]) => `${name} ${seconds} s`)
      .join(', ')}).`,
  );
}
