/** The import scenario's targets (issue 20) and its rows of the results table. */
import type { ImportMeasure } from '../scenarios/import.js';
import { int, num, ratio, verdict, type Row } from './format.js';
import type { TargetCheck } from './targets.js';

/** The sizes and targets: 200,000 posts at ≥ 5,000/s; under 300 MB of RSS for 1,000,000. */
export const FULL_IMPORT_POSTS = 200_000;
export const IMPORT_TARGET_PER_SECOND = 5000;
export const IMPORT_RSS_POSTS = 1_000_000;
export const IMPORT_TARGET_RSS_MB = 300;

export function importChecks(measure: ImportMeasure): TargetCheck[] {
  const { importer, file } = measure;
  return [
    {
      key: 'import',
      name: `import: ≥ ${int(IMPORT_TARGET_PER_SECOND)} posts/s`,
      pass: importer.postsPerSecond >= IMPORT_TARGET_PER_SECOND,
      reducedSize: file.posts < FULL_IMPORT_POSTS,
      detail: `${int(importer.postsPerSecond)} posts/s (${ratio(measure.ratio)} a bare COPY)`,
    },
    {
      key: 'import:rss',
      name: `import: peak RSS < ${IMPORT_TARGET_RSS_MB} MB`,
      pass: importer.peakRssMB < IMPORT_TARGET_RSS_MB,
      reducedSize: file.posts < IMPORT_RSS_POSTS,
      detail: `${importer.peakRssMB} MB for ${int(file.posts)} posts`,
    },
  ];
}

export function importRows(measure: ImportMeasure, checks: TargetCheck[]): Row[] {
  const find = (key: string) => checks.find((check) => check.key === key);
  const { importer, copy, file } = measure;
  return [
    [
      `import, ${int(file.posts)} Disqus posts`,
      'posts/s (bare: COPY rows/s)',
      int(importer.postsPerSecond),
      int(copy.rowsPerSecond),
      ratio(measure.ratio),
      `≥ ${int(IMPORT_TARGET_PER_SECOND)}/s`,
      verdict(find('import')),
    ],
    [
      '',
      'seconds / comments written',
      `${num(importer.seconds)} / ${int(importer.commentsNew)}`,
      `${num(copy.seconds)} / ${int(copy.rows)}`,
      '',
      '',
      '',
    ],
    [
      '',
      'phases s',
      importer.phases.map(([phase, seconds]) => `${phase} ${seconds}`).join(', '),
      '',
      '',
      '',
      '',
    ],
    [
      '',
      'peak RSS MB / CPU %',
      `${importer.peakRssMB} / ${num(importer.cpuPercent)}`,
      '',
      '',
      `< ${IMPORT_TARGET_RSS_MB} MB`,
      verdict(find('import:rss')),
    ],
    ['', 'load average at start', measure.loadAverage.join(' '), '', '', '', ''],
  ];
}
