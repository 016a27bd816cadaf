/** The route catalogue: imports started from /moderate (admins). */
import { idParamsSchema } from '../schemas/comments.js';
import {
  importJobListQuerySchema,
  importJobPageSchema,
  importJobSchema,
  importUploadQuerySchema,
} from '../schemas/imports.js';
import { defineRoutes } from './define.js';

export const importRoutes = defineRoutes({
  startImport: {
    tag: 'Moderation',
    summary: 'Upload an export file and start importing it (admins)',
    description:
      'The body is the file itself, streamed (`application/octet-stream`; gzip is recognised by its ' +
      'content); the query names its format and name. A file over `PARLEY_IMPORT_MAX_MB` is refused ' +
      'with 413 as soon as it passes the limit. The answer is the queued job: one node runs it (the same ' +
      'importer as `parley import`), and another takes it over if that node stops. Read its progress and ' +
      'report with `getImport`.',
    access: 'admin',
    query: importUploadQuerySchema,
    upload: { contentType: 'application/octet-stream', description: 'The export file, as it is.' },
    responses: { 201: { description: 'The job, queued.', body: importJobSchema } },
    errors: ['import/too_large', 'import/empty', 'import/not_a_file'],
  },
  listImports: {
    tag: 'Moderation',
    summary: 'Import jobs, newest first (admins)',
    access: 'admin',
    query: importJobListQuerySchema,
    responses: { 200: { description: 'A page of jobs.', body: importJobPageSchema } },
    errors: [],
  },
  getImport: {
    tag: 'Moderation',
    summary: "One import job: its progress, and its report once it's done (admins)",
    access: 'admin',
    params: idParamsSchema,
    responses: { 200: { description: 'The job.', body: importJobSchema } },
    errors: ['import/not_found'],
  },
});
