import type { ImportJob, ImportJobReport, ImportSkipList } from '@parley/shared';
import type { ImportReport } from '../import/import-report.js';
import type { ImportJobWithStarter } from './import-jobs.repository.js';

type NamedList = ImportReport['skipped'];

/** Reasons as codes and their values, never sentences: the web words them in the moderator's language. */
function skipList(list: NamedList): ImportSkipList {
  return {
    total: list.total,
    byReason: [...list.byReason].map(([reason, count]) => ({ reason, count })),
    named: list.named.map((entry) => ({
      kind: entry.kind,
      id: entry.id,
      ...(entry.line && { line: entry.line }),
      reason: entry.reason,
      ...(entry.params && { params: entry.params }),
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
    phases: report.phases.map(([phase, ms]) => ({ phase, ms })),
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
    // Reports stored before the reason codes hold English sentences (`why`, `lines`): the schema takes both.
    report: (row.report as ImportJobReport | null) ?? null,
    error: row.error,
    startedBy:
      row.startedBy && row.starterUsername ? { id: row.startedBy, username: row.starterUsername } : null,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
