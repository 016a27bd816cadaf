import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql, type DB, type Kysely } from '@parley/db';
import { importJobSchema, type ApiErrorBody, type ImportJob, type ImportJobPage } from '@parley/shared';
import { IMPORT_SKIP_REASONS } from '@parley/shared/values';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser, loginAdmin } from './support/factories.js';
import type { ApiClient } from './support/http.js';
import { FIXTURES } from './support/import.js';
import { generatedDisqusExport, jobEnded, uploadImport } from './support/import-jobs.js';
import { appSuite } from './support/suite.js';

const DISQUS = readFileSync(join(FIXTURES, 'disqus.xml'));

async function importedComments(db: Kysely<DB>, source: string): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    SELECT count(*)::int AS count FROM comments WHERE import_source = ${source}`.execute(db);
  return rows[0]!.count;
}

async function chunksOf(db: Kysely<DB>, jobId: string): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    SELECT count(*)::int AS count FROM import_upload_chunks WHERE job_id = ${jobId}`.execute(db);
  return rows[0]!.count;
}

appSuite('import jobs', { env: { PARLEY_IMPORT_POLL_MS: '50', PARLEY_IMPORT_MAX_MB: '1' } }, (sut) => {
  let admin: ApiClient;

  beforeAll(async () => {
    admin = await loginAdmin(sut);
  });

  it('imports an uploaded Disqus export as a job, reports it, logs who started it and deletes the file', async () => {
    const upload = await uploadImport(admin, 'disqus', 'disqus.xml', DISQUS);
    expect(upload.status).toBe(201);
    const queued = upload.body as ImportJob;
    expect(queued).toMatchObject({ format: 'disqus', fileName: 'disqus.xml', fileBytes: DISQUS.length });
    expect(['queued', 'running', 'done']).toContain(queued.status);

    const job = await jobEnded(admin, queued.id);
    expect(job.status).toBe('done');
    expect(job.error).toBeNull();
    expect(job.startedBy?.username).toBe('admin');
    const comments = await importedComments(sut.db, 'disqus');
    expect(comments).toBeGreaterThan(0);
    expect(job.report).toMatchObject({ commentsNew: comments, commentsAlreadyImported: 0 });
    expect(job.report!.storiesCreated + job.report!.storiesMatched).toBeGreaterThan(0);
    expect(job.report!.skipped.total).toBeGreaterThan(0);
    // Reasons are codes with their values, never English: the web words them in the admin's language.
    expect(job.report!.skipped.byReason.length).toBeGreaterThan(0);
    for (const list of [job.report!.skipped, job.report!.orphans, job.report!.storiesSkipped]) {
      for (const count of list.byReason)
        expect(IMPORT_SKIP_REASONS).toContain((count as { reason: string }).reason);
      for (const entry of list.named)
        expect(entry).toMatchObject({ kind: expect.any(String), id: expect.any(String) });
    }
    expect(job.report!.skipped.byReason).toContainEqual({
      reason: 'deleted_no_replies',
      count: expect.any(Number),
    });
    expect(job.report!.lines).toBeUndefined();
    expect(job.report!.phases?.map((each) => each.phase)).toEqual([
      'reading',
      'stories',
      'authors',
      'staging',
      'publishing',
    ]);
    expect(importJobSchema.safeParse(job).success).toBe(true);
    expect(await chunksOf(sut.db, job.id)).toBe(0);

    const logged = await sut.db
      .selectFrom('moderationActions')
      .select(['action', 'details'])
      .where('action', '=', 'import_start')
      .execute();
    expect(logged.map((row) => row.details)).toContainEqual(
      expect.objectContaining({ format: 'disqus', fileName: 'disqus.xml', jobId: job.id }),
    );

    // The same file again, gzipped: nothing new, every comment counted as already there.
    const again = await uploadImport(admin, 'disqus', 'disqus.xml.gz', gzipSync(DISQUS));
    expect(again.status).toBe(201);
    const second = await jobEnded(admin, (again.body as ImportJob).id);
    expect(second.status).toBe('done');
    expect(second.report).toMatchObject({ commentsNew: 0, commentsAlreadyImported: comments });
    expect(await importedComments(sut.db, 'disqus')).toBe(comments);

    const list = await admin.get<ImportJobPage>('/api/moderation/imports');
    expect(list.body.items.map((item) => item.id).slice(0, 2)).toEqual([second.id, job.id]);
  });

  it('serves a report stored before the reason codes as it was, English sentences and all', async () => {
    const legacy = {
      storiesCreated: 1,
      storiesMatched: 0,
      storiesSkipped: { total: 0, byReason: [], named: [] },
      commentsNew: 2,
      commentsAlreadyImported: 0,
      placeholders: 0,
      spam: 0,
      pending: 0,
      shortened: 0,
      skipped: {
        total: 1,
        byReason: [{ why: 'deleted, with no replies', count: 1 }],
        named: [{ what: 'post 104', line: 85, why: 'deleted, with no replies' }],
      },
      orphans: { total: 0, byReason: [], named: [] },
      authorsCreated: 1,
      authorsMatched: 0,
      lines: ['disqus import done'],
    };
    const row = await sut.db
      .insertInto('importJobs')
      .values({
        source: 'disqus',
        fileName: 'old.xml',
        status: 'done',
        report: JSON.stringify(legacy),
        finishedAt: new Date(),
        updatedAt: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const job = await admin.get<ImportJob>(`/api/moderation/imports/${row.id}`);
    expect(job.status).toBe(200);
    expect(job.body.report).toEqual(legacy);
    expect(importJobSchema.safeParse(job.body).success).toBe(true);
  });

  it('fails a job whose file cannot be read, saying why, and deletes the file', async () => {
    const upload = await uploadImport(
      admin,
      'disqus',
      'broken.xml',
      readFileSync(join(FIXTURES, 'malformed.xml')),
    );
    expect(upload.status).toBe(201);
    const job = await jobEnded(admin, (upload.body as ImportJob).id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/line \d+/);
    expect(job.report).toBeNull();
    expect(await chunksOf(sut.db, job.id)).toBe(0);
  });

  it('refuses a file over PARLEY_IMPORT_MAX_MB with 413 naming the limit, declared or streamed, and keeps nothing', async () => {
    const before = await sut.db.selectFrom('importJobs').select('id').execute();
    const big = Buffer.alloc(1024 * 1024 + 1, 'a');
    const declared = await uploadImport(admin, 'disqus', 'big.xml', big);
    expect(declared.status).toBe(413);
    expect((declared.body as ApiErrorBody).code).toBe('import/too_large');
    expect((declared.body as ApiErrorBody).message).toContain('1 MB');

    // Chunked, with no length declared: refused once the bytes pass the limit.
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 3 * 1024 * 1024) return controller.close();
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(97));
      },
    });
    const streamed = await uploadImport(admin, 'disqus', 'big.xml', stream);
    expect(streamed.status).toBe(413);
    expect((streamed.body as ApiErrorBody).message).toContain('PARLEY_IMPORT_MAX_MB');
    expect(await sut.db.selectFrom('importJobs').select('id').execute()).toEqual(before);
    const { rows } = await sql<{
      count: number;
    }>`SELECT count(*)::int AS count FROM import_upload_chunks`.execute(sut.db);
    expect(rows[0]!.count).toBe(0);
  });

  it('answers 400 for a bad format or an empty file, 415 for a form, 404 for an unknown job', async () => {
    const empty = await uploadImport(admin, 'disqus', 'x.xml', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect((empty.body as ApiErrorBody).code).toBe('import/empty');
    const format = await uploadImport(admin, 'blogger', 'x.xml', DISQUS);
    expect(format.status).toBe(400);
    expect((format.body as ApiErrorBody).fields?.format).toBe('Choose one of: disqus, wordpress, parley.');
    const form = await uploadImport(admin, 'disqus', 'x.xml', DISQUS, {
      'content-type': 'multipart/form-data; boundary=x',
    });
    expect(form.status).toBe(415);
    const missing = await admin.get('/api/moderation/imports/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
  });

  it('is for admins only: a moderator gets 403 and starts nothing', async () => {
    const moderator = await createUser(sut, { role: 'moderator' });
    const upload = await uploadImport(moderator.client, 'disqus', 'disqus.xml', DISQUS);
    expect(upload.status).toBe(403);
    expect((await moderator.client.get('/api/moderation/imports')).status).toBe(403);
  });
});

describe('generatedDisqusExport', () => {
  it('makes the posts it says, each in a thread', () => {
    const text = generatedDisqusExport(3, 10);
    expect(text.match(/<post /g)).toHaveLength(10);
    expect(text.match(/<thread dsq:id="t\d+"><id>/g)).toHaveLength(3);
  });
});
