import type { ImportProgress } from '../import/import-progress.js';
import type { ImportJobProgress } from './import-jobs.repository.js';

/** Raised inside the importer's loop when the run must stop (this node is stopping, or lost its lease). */
export class ImportJobStopped extends Error {}

/**
 * The importer's progress, written to the job's row at most every `intervalMs` (and at each phase's
 * start), one write at a time. Its `update` is where a run is stopped: the importer calls it per post.
 */
export class ThrottledJobProgress implements ImportProgress {
  private phase = '';
  private lastAt = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (progress: ImportJobProgress) => Promise<void>,
    private readonly stopReason: () => string | undefined,
    private readonly intervalMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  start(phase: string): void {
    this.phase = phase;
    this.lastAt = this.now();
    this.enqueue({ phase, bytesRead: 0, postsRead: 0 });
  }

  update(bytes: number, posts: number): void {
    const reason = this.stopReason();
    if (reason) throw new ImportJobStopped(reason);
    const now = this.now();
    if (now - this.lastAt < this.intervalMs) return;
    this.lastAt = now;
    this.enqueue({ phase: this.phase, bytesRead: bytes, postsRead: posts });
  }

  stop(): void {}

  /** Waits for the last write. */
  settled(): Promise<void> {
    return this.writing;
  }

  private enqueue(progress: ImportJobProgress): void {
    // Progress is advice: a failed write is dropped and the next one carries on.
    this.writing = this.writing.then(() => this.write(progress)).catch(() => undefined);
  }
}
