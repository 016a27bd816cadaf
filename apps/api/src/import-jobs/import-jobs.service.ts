import { Inject, Injectable } from '@nestjs/common';
import type { User } from '@parley/db';
import type { ImportJob, ImportJobListQuery, ImportJobPage, ImportUploadQuery } from '@parley/shared';
import type { Readable } from 'node:stream';
import { AppError } from '../common/app-error.js';
import { decodeCursor, NEWEST_FIRST_CURSOR, newestFirstKey, toPage } from '../common/cursor.js';
import { CONFIG, type Config } from '../config/config.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ModerationLogRepository } from '../moderation-log/moderation-log.repository.js';
import { toImportJob } from './import-job-mapping.js';
import { ImportJobRunner } from './import-job.runner.js';
import { ImportJobsRepository } from './import-jobs.repository.js';
import { checkUploadHeaders, streamInChunks } from './import-upload.js';

export interface UploadRequest {
  headers: { 'content-type'?: string; 'content-length'?: string };
  body: Readable;
}

/** Admins' imports: an upload becomes a queued job (and a log entry); jobs are listed and read. */
@Injectable()
export class ImportJobsService {
  private readonly maxBytes: number;

  constructor(
    private readonly jobs: ImportJobsRepository,
    private readonly log: ModerationLogRepository,
    private readonly transactions: TransactionRunner,
    private readonly runner: ImportJobRunner,
    @Inject(CONFIG) config: Config,
  ) {
    this.maxBytes = config.imports.maxBytes;
  }

  /**
   * Streams the file into the job's chunks (a failed or refused upload leaves nothing behind), then
   * queues the job and logs who started it in one transaction, and wakes this node's runner.
   */
  async start(query: ImportUploadQuery, upload: UploadRequest, admin: User): Promise<ImportJob> {
    checkUploadHeaders(upload.headers, this.maxBytes);
    const job = await this.jobs.create(query.format, query.fileName, admin.id);
    let bytes: number;
    try {
      bytes = await streamInChunks(upload.body, this.maxBytes, (seq, data, soFar) =>
        this.jobs.addChunk(job.id, seq, data, soFar),
      );
    } catch (error) {
      await this.jobs.discard(job.id).catch(() => undefined);
      throw error;
    }
    await this.transactions.run({ jobs: this.jobs, log: this.log }, async ({ jobs, log }) => {
      await jobs.queue(job.id);
      await log.record({
        actorId: admin.id,
        action: 'import_start',
        details: { format: query.format, fileName: query.fileName, bytes, jobId: job.id },
      });
    });
    this.runner.wake();
    return this.get(job.id);
  }

  async list(query: ImportJobListQuery): Promise<ImportJobPage> {
    const after = decodeCursor(query.cursor, NEWEST_FIRST_CURSOR);
    const rows = await this.jobs.list(query.limit, after);
    const page = toPage(rows, query.limit, newestFirstKey);
    return { items: page.items.map(toImportJob), nextCursor: page.nextCursor, maxUploadBytes: this.maxBytes };
  }

  async get(id: string): Promise<ImportJob> {
    const row = await this.jobs.findById(id);
    if (!row) throw new AppError('import/not_found');
    return toImportJob(row);
  }
}
