import { Presets, SingleBar } from 'cli-progress';

/** Where an import says how far it is: a phase over the file's bytes, counting posts. */
export interface ImportProgress {
  start(phase: string, totalBytes: number): void;
  update(bytes: number, posts: number): void;
  stop(): void;
  /** A line outside the bar (the bar is redrawn after it). */
  note(line: string): void;
}

/** Nothing (tests, the server's job runner). */
export const SILENT_PROGRESS: ImportProgress = { start() {}, update() {}, stop() {}, note() {} };

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

  constructor(private readonly stream: NodeJS.WriteStream) {}

  start(phase: string, totalBytes: number): void {
    this.stop();
    this.startedAt = Date.now();
    this.bar = new SingleBar(
      {
        stream: this.stream,
        format: `${phase} [{bar}] {percentage}% | {posts} posts | {rate} posts/s | ETA {eta_formatted}`,
        etaBuffer: 50,
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    this.bar.start(Math.max(totalBytes, 1), 0, { posts: 0, rate: 0 });
  }

  update(bytes: number, posts: number): void {
    this.bar?.update(bytes, { posts: posts.toLocaleString('en'), rate: rate(posts, this.startedAt) });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }

  note(line: string): void {
    this.stream.write(`\r\x1b[K${line}\n`);
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
    const elapsed = (now - this.startedAt) / 1000;
    const left = share > 0 ? Math.round((elapsed / share) * (1 - share)) : 0;
    this.stream.write(
      `${this.phase}: ${Math.floor(share * 100)}%, ${posts.toLocaleString('en')} posts, ` +
        `${rate(posts, this.startedAt)} posts/s, about ${left} s left\n`,
    );
  }

  stop(): void {}

  note(line: string): void {
    this.stream.write(`${line}\n`);
  }
}

function rate(posts: number, since: number): number {
  const seconds = (Date.now() - since) / 1000;
  return seconds > 0 ? Math.round(posts / seconds) : 0;
}
