import { z } from 'zod';
import { FIELD_MESSAGES } from '../field-messages.js';
import { IMPORT_FORMATS, IMPORT_REPORT_PHASES, IMPORT_SKIP_REASONS } from '../constants.js';
import { cursorSchema, idSchema, isoDateSchema, pageOf } from './common.js';

/** The export format an admin picks for an upload: a Disqus or WordPress export, or Parley's own. */
export const importFormatSchema = z.enum(IMPORT_FORMATS, {
  error: FIELD_MESSAGES.oneOf(IMPORT_FORMATS),
});

/**
 * POST /api/moderation/imports: the query names the format and the file; the body is the file
 * itself (`application/octet-stream`, gzip recognised by its content).
 */
export const importUploadQuerySchema = z.object({
  format: importFormatSchema,
  fileName: z
    .string()
    .trim()
    .min(1, { error: FIELD_MESSAGES.fileNameRequired })
    .max(200, { error: FIELD_MESSAGES.atMostCharacters(200) }),
});
export type ImportUploadQuery = z.infer<typeof importUploadQuerySchema>;

/** `uploading`: its file is arriving; `queued`: waiting for a node; `running`, then `done` or `failed`. */
export const importJobStatusSchema = z.enum(['uploading', 'queued', 'running', 'done', 'failed']);
export type ImportJobStatusName = z.infer<typeof importJobStatusSchema>;

export const importSkipReasonSchema = z.enum(IMPORT_SKIP_REASONS);

/**
 * Posts (or stories) left out: the first few named, all counted by reason. Each reason is a code
 * and its parameters (the web words it in the reader's language); reports stored before the codes
 * hold the importer's English sentence (`why`, `what`) instead, and are read as they are.
 */
const importSkipListSchema = z.object({
  total: z.number().int(),
  byReason: z.array(
    z.union([
      z.object({ reason: importSkipReasonSchema, count: z.number().int() }),
      /** Stored before the codes: the English sentence. */
      z.object({ why: z.string(), count: z.number().int() }),
    ]),
  ),
  named: z.array(
    z.union([
      z.object({
        /** A post of the export, or a thread (a story to be). */
        kind: z.enum(['post', 'thread']),
        /** Its id in the export ('' when it has none). */
        id: z.string(),
        line: z.number().int().optional(),
        reason: importSkipReasonSchema,
        /** The reason's values (`parent` for `parent_missing`). */
        params: z.record(z.string(), z.string()).optional(),
      }),
      /** Stored before the codes: `post 104`, and the English sentence. */
      z.object({ what: z.string(), line: z.number().int().optional(), why: z.string() }),
    ]),
  ),
});
export type ImportSkipList = z.infer<typeof importSkipListSchema>;
export type ImportSkipCount = ImportSkipList['byReason'][number];
export type ImportSkipEntry = ImportSkipList['named'][number];

/** What an import did: the counts `parley import` prints, how long each phase took, and what it left out. */
export const importJobReportSchema = z.object({
  storiesCreated: z.number().int(),
  storiesMatched: z.number().int(),
  storiesSkipped: importSkipListSchema,
  /** Comments written by this run (placeholders and spam included). */
  commentsNew: z.number().int(),
  /** Comments of the file already here (an earlier run, or an earlier try of this job). */
  commentsAlreadyImported: z.number().int(),
  placeholders: z.number().int(),
  spam: z.number().int(),
  pending: z.number().int(),
  shortened: z.number().int(),
  skipped: importSkipListSchema,
  orphans: importSkipListSchema,
  authorsCreated: z.number().int(),
  authorsMatched: z.number().int(),
  /** Each phase and its milliseconds, in order (reports stored before had none). */
  phases: z.array(z.object({ phase: z.enum(IMPORT_REPORT_PHASES), ms: z.number().int() })).optional(),
  /** Stored before the reason codes: the report in English, as `parley import` prints it. */
  lines: z.array(z.string()).optional(),
});
export type ImportJobReport = z.infer<typeof importJobReportSchema>;

/** One import job as admins see it: its progress while it runs, its report once done. */
export const importJobSchema = z.object({
  id: idSchema,
  format: importFormatSchema,
  fileName: z.string(),
  fileBytes: z.number().int(),
  status: importJobStatusSchema,
  /** The importer's phase (`reading`, `importing`, `publishing`…) while it runs. */
  phase: z.string().nullable(),
  /** Bytes of the file read in this phase, and posts (or records) read so far. */
  bytesRead: z.number().int(),
  postsRead: z.number().int(),
  /** Runs so far: more than one when a node stopped mid-run and another took it over. */
  attempts: z.number().int(),
  report: importJobReportSchema.nullable(),
  error: z.string().nullable(),
  startedBy: z.object({ id: idSchema, username: z.string() }).nullable(),
  createdAt: isoDateSchema,
  startedAt: isoDateSchema.nullable(),
  finishedAt: isoDateSchema.nullable(),
});
export type ImportJob = z.infer<typeof importJobSchema>;
export const importJobPageSchema = pageOf(importJobSchema).extend({
  /** The largest file this server accepts (PARLEY_IMPORT_MAX_MB), in bytes. */
  maxUploadBytes: z.number().int(),
});
export type ImportJobPage = z.infer<typeof importJobPageSchema>;

export const importJobListQuerySchema = z.object({
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type ImportJobListQuery = z.infer<typeof importJobListQuerySchema>;
