import { Logger } from '@nestjs/common';

/** How often a dependency that is down is probed, when something can probe it. */
const PROBE_EVERY_MS = 1000;

/**
 * Whether one dependency (Postgres, Redis) is reachable, as last seen, logged once when it goes
 * down and once when it is back — never a line per failed command, which during an outage would
 * be thousands a second. With a probe (`probeWith`), it checks by itself while down, so "back" is
 * noticed (and logged) even when no request comes.
 */
export class Outage {
  private readonly logger: Logger;
  private downSince: number | null = null;
  private readonly recoveredListeners: (() => void)[] = [];
  private probeTimer: NodeJS.Timeout | null = null;

  private probe: (() => Promise<void>) | undefined;

  constructor(
    private readonly name: string,
    /** What readers and operators lose while it is down, for the log line. */
    private readonly consequence: string,
  ) {
    this.logger = new Logger(name);
  }

  /** While down, runs `probe` every second; the first that resolves marks it back. */
  probeWith(probe: () => Promise<void>): void {
    this.probe = probe;
  }

  get isDown(): boolean {
    return this.downSince !== null;
  }

  down(reason: unknown): void {
    if (this.downSince !== null) return;
    this.downSince = Date.now();
    this.logger.error(`${this.name} is down (${describe(reason)}): ${this.consequence}`);
    if (this.probe) this.scheduleProbe(this.probe);
  }

  up(): void {
    if (this.downSince === null) return;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
    const seconds = ((Date.now() - this.downSince) / 1000).toFixed(1);
    this.downSince = null;
    this.logger.log(`${this.name} is back after ${seconds} s`);
    for (const listener of this.recoveredListeners) listener();
  }

  /** Runs `listener` each time it comes back after being down. */
  onRecovered(listener: () => void): void {
    this.recoveredListeners.push(listener);
  }

  /** Stops probing (shutdown). */
  stop(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
  }

  private scheduleProbe(probe: () => Promise<void>): void {
    this.probeTimer = setTimeout(() => {
      probe().then(
        () => this.up(),
        () => {
          if (this.downSince !== null) this.scheduleProbe(probe);
        },
      );
    }, PROBE_EVERY_MS);
    this.probeTimer.unref();
  }
}

function describe(reason: unknown): string {
  if (reason instanceof Error) return reason.message || reason.name;
  return String(reason);
}
