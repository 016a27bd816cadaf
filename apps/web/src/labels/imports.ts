import type { ImportFormatName, ImportJob, ImportJobStatusName } from '@parley/shared';

/** The words of the Import tab (admins), in one place as for the other admin tabs. */
export const IMPORT_LABELS = {
  title: 'Import comments',
  hint: 'Bring comments in from Disqus, WordPress or another Parley. Importing the same file again adds nothing new, so a run that stopped can simply be started again.',
  format: 'Export format',
  file: 'Export file',
  fileHint: (maxMb: string) => `An .xml or .jsonl export, or the same gzipped (.gz)${maxMb}.`,
  start: 'Upload and import',
  uploadForm: 'Upload an export',
  uploading: (percent: number) => `Uploading… ${percent}%`,
  uploadProgress: 'Upload progress',
  chooseFile: 'Choose the export file first.',
  started: (name: string) => `Uploaded ${name}: the import is queued.`,
  jobs: 'Recent imports',
  none: 'No imports yet',
  noneText: 'Imports you start here are listed with their progress and report.',
  progress: 'Import progress',
  report: 'Report',
  reportLines: 'The report as `parley import` prints it',
  skippedReasons: 'Why posts were skipped',
  orphansReasons: 'Orphans (answers whose parent is missing)',
  storiesSkipped: 'Why stories were skipped',
  firstSkipped: 'The first skipped posts',
  refresh: 'Refresh',
  attempts: (count: number) => `run ${count} times (a node stopped mid-run; nothing was imported twice)`,
} as const;

export const IMPORT_FORMAT_LABELS: Record<ImportFormatName, { name: string; hint: string }> = {
  disqus: { name: 'Disqus', hint: 'The XML export from Disqus admin → Export.' },
  wordpress: { name: 'WordPress', hint: 'Tools → Export → All content (WXR).' },
  parley: { name: 'Parley', hint: 'A file from `parley export`.' },
};

export const IMPORT_STATUS_LABELS: Record<ImportJobStatusName, string> = {
  uploading: 'Uploading',
  queued: 'Waiting for a server',
  running: 'Importing',
  done: 'Done',
  failed: 'Failed',
};

const PHASES: Record<string, string> = {
  reading: 'reading the file',
  importing: 'writing comments',
  checking: 'checking',
};

const count = (value: number, one: string, many: string) =>
  `${value.toLocaleString('en')} ${value === 1 ? one : many}`;

/** One line saying how far a job is: its phase, the share of the file read, the posts so far. */
export function importProgressText(job: ImportJob): string {
  if (job.status !== 'running') return IMPORT_STATUS_LABELS[job.status];
  const phase = job.phase ? (PHASES[job.phase] ?? job.phase) : 'starting';
  return `Importing: ${phase}, ${importPercent(job)}% of the file, ${count(job.postsRead, 'post', 'posts')}`;
}

/** The share of the file the current phase has read, 0–100. */
export function importPercent(job: ImportJob): number {
  if (job.status === 'done') return 100;
  if (job.fileBytes <= 0) return 0;
  return Math.min(100, Math.floor((job.bytesRead / job.fileBytes) * 100));
}

/** The report's counts, as short lines for a person. */
export function importReportCounts(job: ImportJob): { label: string; value: string }[] {
  const report = job.report;
  if (!report) return [];
  return [
    {
      label: 'Comments',
      value: `${report.commentsNew.toLocaleString('en')} created, ${report.commentsAlreadyImported.toLocaleString('en')} already imported`,
    },
    {
      label: 'Of the new',
      value: `${count(report.placeholders, 'placeholder', 'placeholders')}, ${report.spam} spam (rejected), ${report.pending} awaiting review`,
    },
    {
      label: 'Skipped',
      value: `${count(report.skipped.total, 'post', 'posts')}, ${report.orphans.total} orphans`,
    },
    {
      label: 'Stories',
      value: `${report.storiesCreated} created, ${report.storiesMatched} matched, ${report.storiesSkipped.total} skipped`,
    },
    { label: 'Authors', value: `${report.authorsCreated} created, ${report.authorsMatched} matched` },
  ];
}
