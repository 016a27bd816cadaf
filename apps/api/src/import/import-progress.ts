import { Presets, SingleBar } from 'cli-progress';

/** Where an import says how far it is: a phase over the file's bytes, counting posts. */
export interface ImportProgress {
  start(phase: string, totalBytes: number): void;
  update(bytes: number, posts: number): void;
  stop(): void;
}

/** Nothing (tests, the server's job runner). */
export const SILENT_PROGRESS: ImportProgress = { start() {}, update() {}, stop() {} };

/** A bar with rate and ETA on a terminal; plain lines every `intervalMs` otherwise (logs, CI). */
export function terminalProgress(
  stream: NodeJS.WriteStream = process.stderr,
  intervalMs = 5000,
): ImportProgress {
  return stream.isTTY ? new BarProgress(stream) : new LineProgress(stream, intervalMs);
}

class BarProgress implements ImportProgress {
  private bar: SingleBar | undefined;
  private startedAt = 0;
  private total = 1;
  private lastAt = 0;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  start(phase: string, totalBytes: number): void {
    this.stop();
    this.startedAt = Date.now();
    this.bar = new SingleBar(
      {
        stream: this.stream,
        format: `${phase} [{bar}] {percentage}% | {posts} posts | {rate} posts/s | ETA {left}`,
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    this.total = Math.max(totalBytes, 1);
    this.bar.start(this.total, 0, { posts: 0, rate: 0, left: '…' });
  }

  /** Called per post: the bar is redrawn at most ten times a second, with our own ETA (from bytes read). */
  update(bytes: number, posts: number): void {
    const now = Date.now();
    if (now - this.lastAt < 100) return;
    this.lastAt = now;
    this.bar?.update(bytes, {
      posts: posts.toLocaleString('en'),
      rate: rate(posts, this.startedAt),
      left: `${secondsLeft(bytes / this.total, this.startedAt, now)} s`,
    });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

class LineProgress implements ImportProgress {
  private phase = '';
  private total = 1;
  private startedAt = 0;
  private lastAt = 0;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly intervalMs: number,
  ) {}

  start(phase: string, totalBytes: number): void {
    this.phase = phase;
    this.total = Math.max(totalBytes, 1);
    this.startedAt = this.lastAt = Date.now();
  }

  update(bytes: number, posts: number): void {
    const now = Date.now();
    if (now - this.lastAt < this.intervalMs) return;
    this.lastAt = now;
    const share = Math.min(bytes / this.total, 1);
    this.stream.write(
      `${this.phase}: ${Math.floor(share * 100)}%, ${posts.toLocaleString('en')} posts, ` +
        `${rate(posts, this.startedAt)} posts/s, about ${secondsLeft(share, this.startedAt, now)} s left\n`,
    );
  }

  stop(): void {}
}

function rate(posts: number, since: number): number {
  const seconds = (Date.now() - since) / 1000;
  return seconds > 0 ? Math.round(posts / seconds) : 0;
}

/** Seconds left at the pace so far, from the share of the file read. */
function secondsLeft(share: number, since: number, now: number): number {
  const done = Math.min(Math.max(share, 0), 1);
  return done > 0 ? Math.round(((now - since) / 1000 / done) * (1 - done)) : 0;
}
