import type {
  ImportFormatName,
  ImportJob,
  ImportJobReport,
  ImportSkipCount,
  ImportSkipEntry,
} from '@parley/shared';
import type { Localization, Translate } from '../i18n/localization.js';

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

/**
 * A reason, in the page's language from its code; a report stored before the codes says it in the
 * importer's English (`lang` then marks it, so a screen reader reads it as English).
 */
export interface ImportReasonText {
  text: string;
  lang?: 'en';
}

/**
 * How many posts were left out for one reason, "deleted, with no replies: 3" in the page's
 * language; a report stored before the codes gives the stored English reason alone (the count is
 * shown beside it in the page's digits).
 */
export function importCountReason(t: Translate, count: ImportSkipCount): ImportReasonText {
  if (!('reason' in count)) return { text: count.why, lang: 'en' };
  const reason = t(`moderate.imports.reasons.${count.reason}`);
  return { text: t('moderate.imports.reasonCount', { reason, count: count.count }) };
}

/** One named entry, "post 104 (line 85): deleted, with no replies", in the page's language. */
export function importEntryText(t: Translate, entry: ImportSkipEntry): ImportReasonText {
  if (!('reason' in entry)) {
    return { text: `${entry.what}${entry.line ? ` (line ${entry.line})` : ''}: ${entry.why}`, lang: 'en' };
  }
  const what =
    entry.id === ''
      ? t('moderate.imports.entries.noId')
      : t(`moderate.imports.entries.${entry.kind}`, { id: entry.id });
  const where = entry.line ? t('moderate.imports.entries.atLine', { what, line: entry.line }) : what;
  const parent = entry.params?.parent;
  const reason =
    entry.reason === 'parent_missing' && parent
      ? t('moderate.imports.entries.answers', { parent })
      : t(`moderate.imports.reasons.${entry.reason}`);
  return { text: t('moderate.imports.entries.entry', { what: where, reason }) };
}

/** The lists a report names its entries in, each with its title's key, when it has any. */
export function importReportLists(report: ImportJobReport) {
  return (
    [
      ['storiesSkipped', report.storiesSkipped],
      ['skipped', report.skipped],
      ['orphans', report.orphans],
    ] as const
  )
    .filter(([, list]) => list.total > 0)
    .map(([name, list]) => ({
      name,
      title: `moderate.imports.lists.${name}`,
      named: list.named,
      more: list.total - list.named.length,
    }));
}

/** How long the import took, and each phase: "Took 3.4 s (reading the file: 1.2 s, …)", or null when not kept. */
export function importTimeText(
  localization: Pick<Localization, 't' | 'n' | 'locale'>,
  report: ImportJobReport,
): string | null {
  const { t, n } = localization;
  if (!report.phases || report.phases.length === 0) return null;
  const seconds = (ms: number) =>
    n(ms / 1000, {
      style: 'unit',
      unit: 'second',
      unitDisplay: 'short',
      maximumFractionDigits: 1,
      minimumFractionDigits: 1,
    });
  const total = report.phases.reduce((sum, each) => sum + each.ms, 0);
  const phases = new Intl.ListFormat(localization.locale.value, { style: 'short', type: 'unit' }).format(
    report.phases.map((each) =>
      t('moderate.imports.phaseTime', {
        phase: t(`moderate.imports.reportPhases.${each.phase}`),
        time: seconds(each.ms),
      }),
    ),
  );
  return t('moderate.imports.timeTaken', { total: seconds(total), phases });
}
