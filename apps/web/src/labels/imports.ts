import type { ImportFormatName, ImportJob } from '@parley/shared';
import type { Translate } from '../i18n/localization.js';

/**
 * How the Import tab (admins) words a job: its progress line and its report's counts, from the
 * `moderate.imports` catalogue. Format names are product names, the same in every language; each
 * format's hint is `moderate.imports.formatHints.<format>`.
 */
export const IMPORT_FORMAT_NAMES: Record<ImportFormatName, string> = {
  disqus: 'Disqus',
  wordpress: 'WordPress',
  parley: 'Parley',
};

/** The phases the importers report (`progress.start(…)`); another reads by its own name. */
const PHASES = new Set(['reading', 'importing', 'checking']);

/** One line saying how far a job is: its phase, the share of the file read, the posts so far. */
export function importProgressText(t: Translate, job: ImportJob): string {
  if (job.status !== 'running') return t(`moderate.imports.status.${job.status}`);
  const phase = !job.phase
    ? t('moderate.imports.phases.starting')
    : PHASES.has(job.phase)
      ? t(`moderate.imports.phases.${job.phase}`)
      : job.phase;
  return t('moderate.imports.running', { phase, share: importPercent(job) / 100, posts: job.postsRead });
}

/** The share of the file the current phase has read, 0–100. */
export function importPercent(job: ImportJob): number {
  if (job.status === 'done') return 100;
  if (job.fileBytes <= 0) return 0;
  return Math.min(100, Math.floor((job.bytesRead / job.fileBytes) * 100));
}

/** The report's counts, as short lines for a person. */
export function importReportCounts(t: Translate, job: ImportJob): { label: string; value: string }[] {
  const report = job.report;
  if (!report) return [];
  const line = (name: string, values: Record<string, number>) => ({
    label: t(`moderate.imports.counts.${name}`),
    value: t(`moderate.imports.counts.${name}Value`, values),
  });
  return [
    line('comments', { created: report.commentsNew, already: report.commentsAlreadyImported }),
    line('ofNew', { placeholders: report.placeholders, spam: report.spam, pending: report.pending }),
    line('skipped', { posts: report.skipped.total, orphans: report.orphans.total }),
    line('stories', {
      created: report.storiesCreated,
      matched: report.storiesMatched,
      skipped: report.storiesSkipped.total,
    }),
    line('authors', { created: report.authorsCreated, matched: report.authorsMatched }),
  ];
}
