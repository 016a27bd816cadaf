import { Inject, Injectable } from '@nestjs/common';
import { sql, type ImportJobRow, type ImportJobSource } from '@parley/db';
import { newestFirst, type CursorKey } from '../common/cursor.js';
import { KYSELY } from '../database/database.module.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';

export type ImportJobWithStarter = ImportJobRow & { starterUsername: string | null };

/** How the importer stands, written to the job's row as it runs. */
export interface ImportJobProgress {
  phase: string;
  bytesRead: number;
  postsRead: number;
}

const ERROR_MAX = 2000;

/**
 * The only SQL on `import_jobs` and `import_upload_chunks`. A job's file is its chunks in `seq`
 * order; a node holds a running job while its lease is in the future, and every write about a
 * running job names the attempt that claimed it, so a node whose lease was taken over writes nothing.
 */
@Injectable()
export class ImportJobsRepository implements ExecutorBound<ImportJobsRepository> {
  constructor(@Inject(KYSELY) private readonly db: Executor) {}

  withExecutor(executor: Executor): ImportJobsRepository {
    return new ImportJobsRepository(executor);
  }

  /** A job whose file is about to arrive. */
  async create(source: ImportJobSource, fileName: string, startedBy: string): Promise<ImportJobRow> {
    return this.db
      .insertInto('importJobs')
      .values({ source, fileName, startedBy, updatedAt: new Date() })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async addChunk(jobId: string, seq: number, data: Buffer, bytesSoFar: number): Promise<void> {
    await this.db.insertInto('importUploadChunks').values({ jobId, seq, data }).execute();
    await this.db
      .updateTable('importJobs')
      .set({ fileBytes: bytesSoFar, updatedAt: new Date() })
      .where('id', '=', jobId)
      .execute();
  }

  /** The whole file is in: a node may run it now. */
  async queue(jobId: string): Promise<ImportJobRow> {
    return this.db
      .updateTable('importJobs')
      .set({ status: 'queued', updatedAt: new Date() })
      .where('id', '=', jobId)
      .where('status', '=', 'uploading')
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** An upload that failed or was refused: the row and its chunks go. */
  async discard(jobId: string): Promise<void> {
    await this.db
      .deleteFrom('importJobs')
      .where('id', '=', jobId)
      .where('status', '=', 'uploading')
      .execute();
  }

  /**
   * Claims the oldest queued job, or a running one whose lease ran out (its node died), for
   * `leaseMs`, in one statement: a job another node is claiming at this instant is skipped.
   */
  async claim(leaseMs: number): Promise<ImportJobRow | undefined> {
    const { rows } = await sql<ImportJobRow>`
      UPDATE import_jobs
         SET status = 'running', attempts = attempts + 1, lease_until = now() + ${leaseMs} * interval '1 millisecond',
             started_at = coalesce(started_at, now()), updated_at = now()
       WHERE id = (
         SELECT id FROM import_jobs
          WHERE status = 'queued' OR (status = 'running' AND lease_until < now())
          ORDER BY created_at, id
          LIMIT 1
          FOR UPDATE SKIP LOCKED)
       RETURNING *`.execute(this.db);
    return rows[0];
  }

  /** Extends the lease of the claim `attempt`; false when the job is no longer ours (taken over, or ended). */
  async renew(id: string, attempt: number, leaseMs: number): Promise<boolean> {
    const result = await sql`
      UPDATE import_jobs SET lease_until = now() + ${leaseMs} * interval '1 millisecond'
       WHERE id = ${id} AND attempts = ${attempt} AND status = 'running'`.execute(this.db);
    return Number(result.numAffectedRows ?? 0) > 0;
  }

  async progress(id: string, attempt: number, progress: ImportJobProgress): Promise<void> {
    await this.running(id, attempt)
      .set({ ...progress, updatedAt: new Date() })
      .execute();
  }

  /** Done: the report kept, the file's chunks deleted in the same transaction. */
  async finish(id: string, attempt: number, report: unknown): Promise<void> {
    await this.running(id, attempt)
      .set({
        status: 'done',
        phase: null,
        report: JSON.stringify(report),
        leaseUntil: null,
        finishedAt: new Date(),
        updatedAt: new Date(),
      })
      .execute();
    await this.deleteChunks(id);
  }

  /** Failed for good (the file cannot be imported): the reason kept, the chunks deleted. */
  async fail(id: string, attempt: number, error: string): Promise<void> {
    await this.running(id, attempt)
      .set({
        status: 'failed',
        error: error.slice(0, ERROR_MAX),
        leaseUntil: null,
        finishedAt: new Date(),
        updatedAt: new Date(),
      })
      .execute();
    await this.deleteChunks(id);
  }

  /** Handed back (this node is stopping, or the source is locked by another import): queued again. */
  async release(id: string, attempt: number): Promise<void> {
    await this.running(id, attempt)
      .set({ status: 'queued', leaseUntil: null, updatedAt: new Date() })
      .execute();
  }

  /**
   * Uploads cut off before their end (the node that received them stopped): failed, chunks deleted.
   * Returns how many.
   */
  async failStalledUploads(olderThanMs: number): Promise<number> {
    const rows = await sql<{ id: string }>`
      UPDATE import_jobs
         SET status = 'failed', error = 'the upload was cut off before the whole file arrived: upload it again',
             finished_at = now(), updated_at = now()
       WHERE status = 'uploading' AND updated_at < now() - ${olderThanMs} * interval '1 millisecond'
       RETURNING id`.execute(this.db);
    for (const { id } of rows.rows) await this.deleteChunks(id);
    return rows.rows.length;
  }

  /** The file's chunks from `fromSeq` on, a few at a time (each is up to a megabyte). */
  chunks(jobId: string, fromSeq: number, limit: number): Promise<{ seq: number; data: Buffer }[]> {
    return this.db
      .selectFrom('importUploadChunks')
      .select(['seq', 'data'])
      .where('jobId', '=', jobId)
      .where('seq', '>=', fromSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
  }

  findById(id: string): Promise<ImportJobWithStarter | undefined> {
    return this.withStarter().where('importJobs.id', '=', id).executeTakeFirst();
  }

  /** Newest first, by (created_at, id) keyset. */
  list(limit: number, after?: CursorKey): Promise<ImportJobWithStarter[]> {
    return this.withStarter()
      .$call(newestFirst(limit, after, 'import_jobs'))
      .execute();
  }

  private withStarter() {
    return this.db
      .selectFrom('importJobs')
      .leftJoin('users', 'users.id', 'importJobs.startedBy')
      .selectAll('importJobs')
      .select('users.username as starterUsername');
  }

  private running(id: string, attempt: number) {
    return this.db
      .updateTable('importJobs')
      .where('id', '=', id)
      .where('attempts', '=', attempt)
      .where('status', '=', 'running');
  }

  private async deleteChunks(jobId: string): Promise<void> {
    await this.db.deleteFrom('importUploadChunks').where('jobId', '=', jobId).execute();
  }
}
