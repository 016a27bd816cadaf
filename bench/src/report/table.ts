/** The results table printed at the end of a run, with each target's pass or miss. */
import type { FanoutMeasure } from '../scenarios/fanout.js';
import type { HttpMeasure } from '../scenarios/http.js';
import type { JoinWaveMeasure } from '../scenarios/joinwave.js';
import { describeCost, type WritesMeasure } from '../scenarios/writes.js';
import {
  cpuCell,
  dbCell,
  int,
  ms,
  num,
  percent,
  ratio,
  validCell,
  verdict,
  waitCell,
  type Row,
} from './format.js';
import { importRows } from './import.js';
import { scoringRows } from './scoring.js';
import {
  minMedianMax,
  readTarget,
  WRITES_TARGET_P99_MS,
  WRITES_TARGET_PER_SECOND,
  type FanoutPair,
  type Results,
  type TargetCheck,
} from './targets.js';
import { searchRows } from './search.js';
import { webRows } from './web.js';

function fanoutRows(pairs: FanoutPair[], check: TargetCheck | undefined, nodes: string): Row[] {
  const rows: Row[] = [];
  const largest = pairs.at(-1)?.sockets;
  pairs.forEach((pair, index) => {
    const { parley, bare } = pair;
    const last = index === pairs.length - 1;
    const target = last && pair.runs === 1 ? check : undefined;
    const lat = (m: FanoutMeasure) =>
      `${ms(m.latency.p50)} / ${ms(m.latency.p95)} / ${ms(m.latency.p99)} / ${ms(m.latency.max)}`;
    const name = `fan-out ${nodes}, ${int(pair.sockets)} sockets${pair.runs > 1 ? ` (run ${pair.run}/${pair.runs})` : ''}`;
    rows.push(
      [
        name,
        'latency p50/p95/p99/max ms',
        lat(parley),
        lat(bare),
        `p99 ${ratio(parley.latency.p99 / bare.latency.p99)}`,
        pair.sockets === largest && check ? `p99 ≤ ${check.name.match(/≤ ([\d.]+)×/)?.[1] ?? '?'}×` : '',
        verdict(target),
      ],
      [
        '',
        'delivered',
        `${percent(parley.deliveredRatio)} of ${int(parley.expected)}`,
        `${percent(bare.deliveredRatio)} of ${int(bare.expected)}`,
        '',
        pair.sockets === largest ? '100%' : '',
        '',
      ],
      [
        '',
        'posts ok / POST p50 ms / send slip ms',
        `${parley.posted} / ${ms(parley.postLatency.p50)} / ${num(parley.sendSlipMs)}`,
        `${bare.posted} / ${ms(bare.postLatency.p50)} / ${num(bare.sendSlipMs)}`,
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
      [
        '',
        'RSS per socket KB',
        num(parley.rssPerSocketKB),
        num(bare.rssPerSocketKB),
        ratio(parley.rssPerSocketKB / bare.rssPerSocketKB),
        '',
        '',
      ],
      ['', 'CPU % server / load each / pg', cpuCell(parley.cpu), cpuCell(bare.cpu), '', '', ''],
      ['', 'run-queue wait % server / load', waitCell(parley.cpu), waitCell(bare.cpu), '', '', ''],
      ['', 'validity', validCell(parley.validity), validCell(bare.validity), '', 'valid', ''],
    );
    if (last && pair.runs > 1) {
      const runs = pairs.filter((item) => item.sockets === pair.sockets);
      const [low, median, high] = minMedianMax(
        runs.map((item) => item.parley.latency.p99 / item.bare.latency.p99),
      );
      const [pLow, , pHigh] = minMedianMax(runs.map((item) => item.parley.latency.p99));
      const [bLow, , bHigh] = minMedianMax(runs.map((item) => item.bare.latency.p99));
      rows.push([
        `fan-out ${nodes}, ${int(pair.sockets)} sockets, ${runs.length} runs`,
        'p99 ms min–max; ratio median (min–max)',
        `${ms(pLow)}–${ms(pHigh)}`,
        `${ms(bLow)}–${ms(bHigh)}`,
        `${ratio(median)} (${ratio(low)}–${ratio(high)})`,
        check?.name.match(/≤ [\d.]+×/)?.[0] ?? '',
        verdict(check),
      ]);
    }
  });
  return rows;
}

function joinWaveRows(waves: JoinWaveMeasure[], check: TargetCheck | undefined): Row[] {
  return waves.flatMap((wave, index): Row[] => {
    const target = index === waves.length - 1 ? check : undefined;
    const frames = wave.presenceFrames;
    return [
      [
        `join wave, ${int(wave.sockets)} sockets in ${wave.waveSeconds} s`,
        'presence frames/socket min/median/max',
        `${frames.min} / ${frames.median} / ${frames.max}`,
        '',
        '',
        target ? (target.name.split(': ')[1] ?? '') : '',
        verdict(target),
      ],
      [
        '',
        'joined / last ack s / RSS per socket KB',
        `${int(wave.joined)}${wave.joinFailed ? ` (${wave.joinFailed} failed)` : ''} / ${num(wave.joinSeconds)} / ${num(wave.rssPerSocketKB)}`,
        '',
        '',
        '',
        '',
      ],
      ['', 'CPU % server / load each / pg', cpuCell(wave.cpu), '', '', '', ''],
      ['', 'run-queue wait % server / load', waitCell(wave.cpu), '', '', '', ''],
      ['', 'validity', validCell(wave.validity), '', '', 'valid', ''],
    ];
  });
}

/** The throughput row (≥ 0.5× target) and the latency row of an HTTP load case. */
function throughputRows(
  label: string,
  unit: string,
  parley: Pick<HttpMeasure, 'perSecond' | 'latency'>,
  bare: Pick<HttpMeasure, 'perSecond' | 'latency'>,
  result: string,
  target: { throughput: string; p99: string },
): Row[] {
  return [
    [
      label,
      unit,
      num(parley.perSecond),
      num(bare.perSecond),
      ratio(parley.perSecond / bare.perSecond),
      target.throughput,
      result,
    ],
    [
      '',
      'latency p50/p99 ms',
      `${ms(parley.latency.p50)} / ${ms(parley.latency.p99)}`,
      `${ms(bare.latency.p50)} / ${ms(bare.latency.p99)}`,
      `p99 ${ratio(parley.latency.p99 / bare.latency.p99)}`,
      target.p99,
      '',
    ],
  ];
}

/** Each writes case on its own lines: its figures, and where a post's time went. */
function writesCaseRows(writes: WritesMeasure): Row[] {
  return writes.cases.flatMap(({ name, measure, cost }) => [
    [
      '',
      `${name}: comments/s, p50/p99 ms`,
      `${num(measure.perSecond)}, ${ms(measure.latency.p50)} / ${ms(measure.latency.p99)}`,
      '',
      ratio(measure.perSecond / writes.bare.perSecond),
      '',
      measure.validity.valid ? '' : 'INVALID',
    ],
    ['', `${name}: per post`, describeCost(cost), '', '', '', ''],
  ]);
}

export function renderTable(results: Results, checks: TargetCheck[]): string {
  const find = (key: string) => checks.find((check) => check.key === key);
  const rows: Row[] = [['scenario', 'metric', 'Parley', 'baseline', 'Parley/base', 'target', 'result']];
  if (results.fanout)
    rows.push(
      ...fanoutRows(
        results.fanout,
        find('fanout'),
        results.fanout[0]?.parley.redis ? '1 node, Redis' : '1 node',
      ),
    );
  if (results.multinode) rows.push(...fanoutRows(results.multinode, find('multinode'), '2 nodes'));
  if (results.joinwave) rows.push(...joinWaveRows(results.joinwave, find('joinwave')));
  for (const [index, writes] of (results.writes ?? []).entries()) {
    const { parley, bare } = writes;
    const check = index === results.writes!.length - 1 ? find('writes') : undefined;
    rows.push(
      ...throughputRows(
        `writes, ${writes.writers} authors (redis, seasoned)`,
        'comments/s',
        parley,
        bare,
        verdict(check),
        {
          throughput: `≥ ${int(WRITES_TARGET_PER_SECOND)}/s`,
          p99: `p99 ≤ ${WRITES_TARGET_P99_MS} ms`,
        },
      ),
      ['', 'errors', String(parley.failed), String(bare.failed), '', '', ''],
      ['', 'CPU % server / load / pg', cpuCell(parley.cpu), cpuCell(bare.cpu), '', '', ''],
      ['', 'run-queue wait % server / load', waitCell(parley.cpu), waitCell(bare.cpu), '', '', ''],
      ['', 'DB busy backends / top wait', dbCell(parley.db), dbCell(bare.db), '', '', ''],
      ['', 'validity', validCell(parley.validity), validCell(bare.validity), '', 'valid', ''],
      ...writesCaseRows(writes),
    );
  }
  if (results.scoring) rows.push(...scoringRows(results.scoring, find('scoring')));
  for (const [index, reads] of (results.reads ?? []).entries()) {
    const largest = index === results.reads!.length - 1;
    for (const item of reads.cases) {
      const check = largest ? find(`reads:${item.sort}:${item.page}`) : undefined;
      const { parley, bare } = item;
      rows.push(
        ...throughputRows(
          `reads ${int(reads.comments)}, ${item.sort}, ${item.page} page`,
          'requests/s',
          parley,
          bare,
          verdict(check),
          largest ? readTarget(item.page) : { throughput: '', p99: '' },
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
        [
          '',
          'CPU % server / load / pg; wait %; validity',
          `${cpuCell(parley.cpu)}; ${waitCell(parley.cpu)}; ${validCell(parley.validity)}`,
          `${cpuCell(bare.cpu)}; ${waitCell(bare.cpu)}; ${validCell(bare.validity)}`,
          '',
          '',
          '',
        ],
      );
    }
  }
  if (results.search) rows.push(...searchRows(results.search, checks));
  if (results.import) rows.push(...importRows(results.import, checks));
  if (results.web) rows.push(...webRows(results.web, checks));
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: Row) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n');
}
