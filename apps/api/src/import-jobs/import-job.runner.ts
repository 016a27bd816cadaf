import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { createDatabase, type Database, type ImportJobRow } from '@parley/db';
import { rm } from 'node:fs/promises';
import { ThreadCache } from '../comments/thread-cache.js';
import { CONFIG, type Config } from '../config/config.js';
import type { ImportJobsConfig } from '../config/import-config.js';
import { DATABASE } from '../database/database.module.js';
import { disqusFormat } from '../import/disqus-format.js';
import { ImportInputError } from '../import/import-input-error.js';
import { ImportLockedError, withImportLock } from '../import/import-lock.js';
import { runImport, type ImportResult } from '../import/importer.js';
import { runParleyImport } from '../import/parley-import.js';
import { wordpressFormat } from '../import/wordpress-format.js';
import { writeUploadToFile } from './import-job-file.js';
import { toJobReport } from './import-job-mapping.js';
import { ImportJobStopped, ThrottledJobProgress } from './import-job-progress.js';
import { ImportJobsRepository } from './import-jobs.repository.js';

/** Publishing millions of comments is one statement of minutes: the run's own pool allows a day. */
const IMPORT_STATEMENT_TIMEOUT_MS = 24 * 3600 * 1000;
/** A job that has stopped this many times without ending (its node dying each time) fails instead. */
const MAX_ATTEMPTS = 5;
/** An upload whose row has not moved for this long lost its node mid-upload. */
const STALLED_UPLOAD_MS = 10 * 60 * 1000;
/** At shutdown, how long a run may take to notice it must stop before the node goes anyway. */
const STOP_GRACE_MS = 5000;

interface Running {
  job: ImportJobRow;
  /** Set when the run must stop: the reason. */
  stop?: string;
  done: Promise<void>;
}

/**
 * One per node: claims a queued job (or one whose node died: its lease ran out) with SKIP LOCKED,
 * renews its lease while it runs the same importer as `parley import`, writes progress to the row,
 * and ends it done (with the report) or failed (with the reason), deleting its uploaded file. A
 * node that stops hands its job back; one that dies leaves a lease that runs out. Either way
 * another run starts over, and the importer, which writes nothing twice, completes it.
 */
@Injectable()
export class ImportJobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Imports');
  private readonly settings: ImportJobsConfig;
  private current: Running | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private started = false;
  private stopped = false;

  constructor(
    private readonly jobs: ImportJobsRepository,
    private readonly threadCache: ThreadCache,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    this.settings = config.imports;
  }

  onApplicationBootstrap(): void {
    this.started = true;
    this.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    const running = this.current;
    if (!running) return;
    running.stop = 'the node is shutting down';
    await settleWithin(running.done, STOP_GRACE_MS);
  }

  /** Looks for a job now (after an upload on this node), unless one runs here already. */
  wake(): void {
    if (!this.started || this.stopped || this.ticking || this.current) return;
    clearTimeout(this.timer);
    this.ticking = this.tick().finally(() => {
      this.ticking = undefined;
      this.schedule();
    });
  }

  /** The job running on this node, if any (tests). */
  get runningJobId(): string | undefined {
    return this.current?.job.id;
  }

  private schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), this.settings.pollMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    let job: ImportJobRow | undefined;
    try {
      const cut = await this.jobs.failStalledUploads(STALLED_UPLOAD_MS);
      if (cut > 0) this.logger.warn(`${cut} import upload(s) were cut off and marked failed`);
      job = await this.jobs.claim(this.settings.leaseMs);
    } catch (error) {
      this.logger.error(`cannot claim import jobs: ${describe(error)}`);
      return;
    }
    if (!job) return;
    const running: Running = { job, done: Promise.resolve() };
    this.current = running;
    running.done = this.run(running).finally(() => {
      this.current = undefined;
      this.wake();
    });
  }

  private async run(running: Running): Promise<void> {
    const { job } = running;
    const renewal = setInterval(
      () => {
        this.jobs.renew(job.id, job.attempts, this.settings.leaseMs).then(
          (ours) => {
            if (!ours) running.stop ??= 'another node took the job over';
          },
          (error: unknown) =>
            this.logger.warn(`cannot renew the lease of import ${job.id}: ${describe(error)}`),
        );
      },
      Math.max(100, Math.floor(this.settings.leaseMs / 3)),
    );
    renewal.unref();
    const progress = new ThrottledJobProgress(
      (state) => this.jobs.progress(job.id, job.attempts, state),
      () => running.stop,
    );
    this.logger.log(`import ${job.id} (${job.source}, ${job.fileName}): run ${job.attempts} starts`);
    try {
      if (job.attempts > MAX_ATTEMPTS) {
        throw new ImportInputError(
          `the import stopped ${MAX_ATTEMPTS} times without ending (a node ran out of memory?): try \`parley import\` on the server`,
        );
      }
      const result = await this.importUpload(job, progress);
      await progress.settled();
      await this.jobs.finish(job.id, job.attempts, toJobReport(result.report));
      if (result.changedStoryIds.length > 0) await this.threadCache.changed(result.changedStoryIds);
      this.logger.log(`import ${job.id} done: ${result.report.lines()[2] ?? ''}`);
    } catch (error) {
      await progress.settled();
      await this.settleFailure(job, running, error);
    } finally {
      clearInterval(renewal);
    }
  }

  private async importUpload(job: ImportJobRow, progress: ThrottledJobProgress): Promise<ImportResult> {
    const path = await writeUploadToFile(this.jobs, job.id);
    const database = await this.importDatabase();
    try {
      return await withImportLock(database, job.source, () =>
        job.source === 'parley'
          ? runParleyImport(database.db, { path, progress })
          : runImport(database.db, {
              format: job.source === 'disqus' ? disqusFormat : wordpressFormat,
              path,
              progress,
            }),
      );
    } finally {
      if (database !== this.database) await database.close();
      await rm(path, { force: true });
    }
  }

  /** On Postgres a pool of its own, without the request's statement timeout; PGlite has one connection. */
  private async importDatabase(): Promise<Database> {
    if (this.database.engine === 'pglite' || !this.config.databaseUrl) return this.database;
    return createDatabase({
      databaseUrl: this.config.databaseUrl,
      poolSize: 3,
      connectTimeoutMs: this.config.databaseConnectTimeoutMs,
      statementTimeoutMs: IMPORT_STATEMENT_TIMEOUT_MS,
    });
  }

  private async settleFailure(job: ImportJobRow, running: Running, error: unknown): Promise<void> {
    try {
      if (error instanceof ImportLockedError) {
        // A `parley import` of the same source holds it: wait for it, then run.
        this.logger.log(`import ${job.id} waits: ${error.message}`);
        await this.jobs.release(job.id, job.attempts);
      } else if (error instanceof ImportInputError) {
        this.logger.warn(`import ${job.id} failed: ${error.message}`);
        await this.jobs.fail(job.id, job.attempts, error.message);
      } else if (running.stop || error instanceof ImportJobStopped) {
        // Handed back: the next run (here after a restart, or on another node) completes it.
        this.logger.log(`import ${job.id} stopped (${running.stop ?? describe(error)}); it runs again later`);
        await this.jobs.release(job.id, job.attempts);
      } else {
        this.logger.error(`import ${job.id} failed: ${describe(error)}`);
        await this.jobs.fail(job.id, job.attempts, `the import stopped: ${describe(error)}`);
      }
    } catch (bookkeeping) {
      // The database is away: the lease runs out and the job runs again.
      this.logger.error(`import ${job.id}: cannot record how it ended: ${describe(bookkeeping)}`);
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

async function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.catch(() => undefined),
    new Promise((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
