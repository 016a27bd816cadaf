import { Injectable, Logger } from '@nestjs/common';

/**
 * Work that follows a commit (live notifications to moderators, mostly): it must never fail or
 * delay the request that caused it, and it must finish before the database pool closes at
 * shutdown. Services hand it here; DatabaseModule drains it before closing.
 */
@Injectable()
export class AfterCommitTasks {
  private readonly logger = new Logger('AfterCommit');
  private readonly pending = new Set<Promise<void>>();

  track(work: Promise<unknown>): void {
    const tracked: Promise<void> = work
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error(`live notification failed: ${String(error)}`))
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  /** Waits for what is in flight, and what that starts in turn, at most `timeoutMs` in all. */
  async drain(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0 && Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.pending]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, deadline - Date.now());
        }),
      ]);
      clearTimeout(timer);
    }
  }
}
