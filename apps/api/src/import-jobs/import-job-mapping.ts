import type { ImportJob, ImportJobReport, ImportSkipList } from '@parley/shared';
import type { ImportReport } from '../import/import-report.js';
import type { ImportJobWithStarter } from './import-jobs.repository.js';

type NamedList = ImportReport['skipped'];

function skipList(list: NamedList): ImportSkipList {
  return {
    total: list.total,
    byReason: [...list.byReason].map(([why, count]) => ({ why, count })),
    named: list.named.map((entry) => ({
      what: entry.what,
      ...(entry.line && { line: entry.line }),
      why: entry.why,
    })),
  };
}

/** The importer's report as the job keeps it (JSON in the row) and admins read it. */
export function toJobReport(report: ImportReport): ImportJobReport {
  return {
    storiesCreated: report.storiesCreated,
    storiesMatched: report.storiesMatched,
    storiesSkipped: skipList(report.storiesSkipped),
    commentsNew: report.commentsNew,
    commentsAlreadyImported: report.commentsAlreadyImported,
    placeholders: report.placeholders,
    spam: report.spam,
    pending: report.pending,
    shortened: report.shortened,
    skipped: skipList(report.skipped),
    orphans: skipList(report.orphans),
    authorsCreated: report.authorsCreated,
    authorsMatched: report.authorsMatched,
    lines: report.lines(),
  };
}

export function toImportJob(row: ImportJobWithStarter): ImportJob {
  return {
    id: row.id,
    format: row.source,
    fileName: row.fileName,
    fileBytes: Number(row.fileBytes),
    status: row.status,
    phase: row.phase,
    bytesRead: Number(row.bytesRead),
    postsRead: row.postsRead,
    attempts: row.attempts,
    report: (row.report as ImportJobReport | null) ?? null,
    error: row.error,
    startedBy:
      row.startedBy && row.starterUsername ? { id: row.startedBy, username: row.starterUsername } : null,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
