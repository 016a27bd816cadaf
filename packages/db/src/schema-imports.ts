import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from './schema-columns.js';
import type { ImportJobStatus, ImportJobSource } from './schema-values.js';

/** Imports started from /moderate: the job and, until it ends, its uploaded file in chunks. */

export interface ImportJobsTable {
  id: Generated<string>;
  source: ImportJobSource;
  /** The name the admin's file had (shown in the list; never used as a path). */
  fileName: string;
  /** Bytes uploaded so far; the file's size once it is queued. */
  fileBytes: ColumnType<number, number | undefined, number>;
  status: ColumnType<ImportJobStatus, ImportJobStatus | undefined, ImportJobStatus>;
  /** The importer's phase now (`reading`, `importing`, …), while it runs. */
  phase: ColumnType<string | null, string | null | undefined, string | null>;
  bytesRead: ColumnType<number, number | undefined, number>;
  postsRead: ColumnType<number, number | undefined, number>;
  /** Claims so far, counting the one running. */
  attempts: ColumnType<number, number | undefined, number>;
  /** While in the future, a node runs the job; past it, that node died and another claims it. */
  leaseUntil: NullableTimestamp;
  /** The importer's report (ImportJobReport in packages/shared) once done. */
  report: ColumnType<unknown, string | null | undefined, string | null>;
  error: ColumnType<string | null, string | null | undefined, string | null>;
  startedBy: string | null;
  createdAt: Generated<Date>;
  startedAt: NullableTimestamp;
  finishedAt: NullableTimestamp;
  updatedAt: Timestamp;
}

export interface ImportUploadChunksTable {
  jobId: string;
  /** 0, 1, 2…: the file is the chunks in this order. */
  seq: number;
  data: Buffer;
}
