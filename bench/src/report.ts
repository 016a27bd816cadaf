/** The results table printed at the end of a run, with each target's pass or miss. */
import type { DbActivity } from './lib/database.js';
import type { FanoutMeasure } from './scenarios/fanout.js';
import type { HttpMeasure } from './scenarios/http.js';
import type { ReadsMeasure } from './scenarios/reads.js';
import type { WebMeasure } from './scenarios/web.js';
import type { WritesMeasure } from './scenarios/writes.js';

export interface FanoutPair {
  nodes: number;
  sockets: number;
  parley: FanoutMeasure;
  bare: FanoutMeasure;
}

export interface Results {
  fanout?: FanoutPair[];
  multinode?: FanoutPair[];
  writes?: WritesMeasure;
  reads?: ReadsMeasure;
  web?: WebMeasure;
}

export interface TargetCheck {
  key: string;
  name: string;
  pass: boolean;
  /** The run's sizes were below the target's, so the check is indicative only. */
  reducedSize: boolean;
  detail: string;
}

type Row = [string, string, string, string, string, string, string];

const FULL_SOCKETS = 5000;
const FULL_COMMENTS = 100_000;
const WEB_TARGET_KB = 100;
/** The embed's budget (issue 12): embed.js carries its CSS, so this is JS + CSS. */
const EMBED_TARGET_KB = 100;
/** A fan-out run whose last post took longer than this to reach every socket did not keep up. */
const SATURATED_LAG_SECONDS = 2;

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const num = (value: number) =>
  Number.isFinite(value) ? (value >= 100 ? int(value) : String(Math.round(value * 10) / 10)) : '–';
const ms = (value: number) => (value >= 100 ? int(value) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');
const percent = (value: number) => `${(Math.floor(value * 10000) / 100).toFixed(2)}%`;
const verdict = (check: TargetCheck | undefined) =>
  check ? `${check.pass ? 'pass' : 'MISS'}${check.reducedSize ? '*' : ''}` : '';

export function checkTargets(results: Results): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const [key, label, list] of [
    ['fanout', 'fan-out', results.fanout],
    ['multinode', 'fan-out, 2 nodes,', results.multinode],
  ] as const) {
    const largest = list?.at(-1);
    if (!largest) continue;
    const p99Ratio = largest.parley.latency.p99 / largest.bare.latency.p99;
    checks.push({
      key,
      name: `${label} ${int(largest.sockets)} sockets: p99 ≤ 1.5× bare, 100% delivered`,
      pass: p99Ratio <= 1.5 && largest.parley.deliveredRatio === 1,
      reducedSize: largest.sockets < FULL_SOCKETS,
      detail:
        `p99 ${ratio(p99Ratio)}, delivered ${percent(largest.parley.deliveredRatio)}` +
        (Math.max(largest.parley.lagSeconds, largest.bare.lagSeconds) > SATURATED_LAG_SECONDS
          ? `; saturated (last post delivered ${num(largest.parley.lagSeconds)} s / ${num(largest.bare.lagSeconds)} s after it was sent, Parley / bare): the p99s measure backlogs`
          : ''),
    });
  }
  if (results.writes) {
    const value = results.writes.parley.perSecond / results.writes.bare.perSecond;
    checks.push({
      key: 'writes',
      name: 'writes ≥ 50% of bare insert throughput',
      pass: value >= 0.5,
      reducedSize: false,
      detail: ratio(value),
    });
  }
  if (results.reads) {
    const reduced = results.reads.comments < FULL_COMMENTS;
    for (const item of results.reads.cases) {
      const throughput = item.parley.perSecond / item.bare.perSecond;
      const p99 = item.parley.latency.p99 / item.bare.latency.p99;
      const pass = throughput >= 0.5 && (item.page === 'deep' || p99 <= 2);
      checks.push({
        key: `reads:${item.sort}:${item.page}`,
        name: `reads ${item.sort}/${item.page}: ≥ 50% of bare throughput${item.page === 'first' ? ', p99 ≤ 2×' : ''}`,
        pass,
        reducedSize: reduced,
        detail: `${ratio(throughput)} throughput, p99 ${ratio(p99)}`,
      });
    }
  }
  if (results.web) {
    checks.push({
      key: 'web',
      name: `article page JS < ${WEB_TARGET_KB} KB gzip`,
      pass: results.web.totals.jsGzipKB < WEB_TARGET_KB,
      reducedSize: false,
      detail: `${results.web.totals.jsGzipKB} KB`,
    });
    if (results.web.embed) {
      const embedKB = Math.round((results.web.embed.gzip / 1024) * 10) / 10;
      checks.push({
        key: 'embed',
        name: `embed JS + CSS < ${EMBED_TARGET_KB} KB gzip`,
        pass: embedKB < EMBED_TARGET_KB,
        reducedSize: false,
        detail: `${embedKB} KB`,
      });
    }
  }
  return checks;
}

function fanoutRows(pairs: FanoutPair[], check: TargetCheck | undefined, nodes: string): Row[] {
  const rows: Row[] = [];
  pairs.forEach((pair, index) => {
    const { parley, bare } = pair;
    const target = index === pairs.length - 1 ? check : undefined;
    const lat = (m: FanoutMeasure) =>
      `${ms(m.latency.p50)} / ${ms(m.latency.p95)} / ${ms(m.latency.p99)} / ${ms(m.latency.max)}`;
    const name = `fan-out ${nodes}, ${int(pair.sockets)} sockets`;
    rows.push(
      [
        name,
        'latency p50/p95/p99/max ms',
        lat(parley),
        lat(bare),
        `p99 ${ratio(parley.latency.p99 / bare.latency.p99)}`,
        target ? 'p99 ≤ 1.5×' : '',
        verdict(target),
      ],
      [
        '',
        'delivered',
        `${percent(parley.deliveredRatio)} of ${int(parley.expected)}`,
        `${percent(bare.deliveredRatio)} of ${int(bare.expected)}`,
        '',
        target ? '100%' : '',
        '',
      ],
      [
        '',
        'posts ok / POST p50 ms',
        `${parley.posted} / ${ms(parley.postLatency.p50)}`,
        `${bare.posted} / ${ms(bare.postLatency.p50)}`,
        '',
        '',
        '',
      ],
      [
        '',
        'join s / lag after last post s / frame B',
        `${num(parley.joinSeconds)} / ${num(parley.lagSeconds)} / ${parley.frameBytes}`,
        `${num(bare.joinSeconds)} / ${num(bare.lagSeconds)} / ${bare.frameBytes}`,
        '',
        '',
        '',
      ],
      ['', 'CPU % server/clients/poster', cpu(parley), cpu(bare), '', '', ''],
    );
  });
  return rows;
}

/** Mean busy backends and what they mostly waited on, e.g. `4.1 / Lock:tuple 62%`. */
/** The throughput row (≥ 0.5× target) and the latency row of an HTTP load case. */
function throughputRows(
  label: string,
  unit: string,
  parley: Pick<HttpMeasure, 'perSecond' | 'latency'>,
  bare: Pick<HttpMeasure, 'perSecond' | 'latency'>,
  result: string,
  p99Target: string,
): Row[] {
  return [
    [
      label,
      unit,
      num(parley.perSecond),
      num(bare.perSecond),
      ratio(parley.perSecond / bare.perSecond),
      '≥ 0.5×',
      result,
    ],
    [
      '',
      'latency p50/p99 ms',
      `${ms(parley.latency.p50)} / ${ms(parley.latency.p99)}`,
      `${ms(bare.latency.p50)} / ${ms(bare.latency.p99)}`,
      `p99 ${ratio(parley.latency.p99 / bare.latency.p99)}`,
      p99Target,
      '',
    ],
  ];
}

function dbCell(db: DbActivity): string {
  const [wait, share] = Object.entries(db.waits)[0] ?? ['–', 0];
  return `${num(db.activeMean)} / ${wait} ${Math.round(share * 100)}%`;
}

function cpu(measure: FanoutMeasure): string {
  return `${num(measure.cpu.server)} / ${num(measure.cpu.clients)} / ${num(measure.cpu.poster)}`;
}

export function renderTable(results: Results, checks: TargetCheck[]): string {
  const find = (key: string) => checks.find((check) => check.key === key);
  const rows: Row[] = [['scenario', 'metric', 'Parley', 'baseline', 'Parley/base', 'target', 'result']];
  if (results.fanout) rows.push(...fanoutRows(results.fanout, find('fanout'), '1 node'));
  if (results.multinode) rows.push(...fanoutRows(results.multinode, find('multinode'), '2 nodes'));
  if (results.writes) {
    const { parley, bare } = results.writes;
    const check = find('writes');
    rows.push(
      ...throughputRows(
        `writes, ${results.writes.writers} authors`,
        'comments/s',
        parley,
        bare,
        verdict(check),
        '',
      ),
      [
        '',
        'errors / CPU % server/client',
        `${parley.failed} / ${num(parley.cpu.server)}/${num(parley.cpu.client)}`,
        `${bare.failed} / ${num(bare.cpu.server)}/${num(bare.cpu.client)}`,
        '',
        '',
        '',
      ],
      ['', 'DB busy backends / top wait', dbCell(parley.db), dbCell(bare.db), '', '', ''],
    );
  }
  if (results.reads) {
    for (const item of results.reads.cases) {
      const check = find(`reads:${item.sort}:${item.page}`);
      const { parley, bare } = item;
      rows.push(
        ...throughputRows(
          `reads ${item.sort}, ${item.page} page`,
          'requests/s',
          parley,
          bare,
          verdict(check),
          item.page === 'first' ? 'p99 ≤ 2×' : '',
        ),
        [
          '',
          'errors / KB per page / DB busy',
          `${parley.failed} / ${num(parley.bytesPerResponse / 1024)} / ${num(parley.db.activeMean)}`,
          `${bare.failed} / ${num(bare.bytesPerResponse / 1024)} / ${num(bare.db.activeMean)}`,
          item.sameRows ? 'same rows' : 'ROWS DIFFER',
          '',
          '',
        ],
      );
    }
  }
  if (results.web) {
    const { initial, articlePage, totals } = results.web;
    const kb = (assets: { gzip: number }[]) => num(assets.reduce((sum, item) => sum + item.gzip, 0) / 1024);
    rows.push(
      [
        'web, article page',
        'JS gzip KB (initial + page)',
        `${num(totals.jsGzipKB)} (${kb(initial.js)} + ${kb(articlePage.js)})`,
        '',
        '',
        `< ${WEB_TARGET_KB} KB`,
        verdict(find('web')),
      ],
      ['', 'CSS gzip KB / JS raw KB', `${num(totals.cssGzipKB)} / ${num(totals.jsBytesKB)}`, '', '', '', ''],
    );
    if (results.web.embed) {
      const { embed } = results.web;
      rows.push([
        'web, embed.js',
        'JS + CSS gzip KB / raw KB',
        `${num(embed.gzip / 1024)} / ${num(embed.bytes / 1024)}`,
        '',
        '',
        `< ${EMBED_TARGET_KB} KB`,
        verdict(find('embed')),
      ]);
    }
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: Row) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n');
}
