import type { Message } from './processes.js';

/** The child side of the IPC channel: typed send, and failures reported to the parent before exiting. */
export function send(message: Message): void {
  process.send?.(message);
}

export function onMessage(handler: (message: Message) => void | Promise<void>): void {
  process.on('message', (raw) => {
    Promise.resolve(handler(raw as Message)).catch(fail);
  });
}

export function fail(error: unknown): void {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(message);
  send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  setTimeout(() => process.exit(1), 100);
}

/** Exits when the parent goes away, so a crashed harness leaves no load generator behind. */
export function exitWithParent(): void {
  process.on('disconnect', () => process.exit(0));
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
}

/** This process's CPU time since `since` (user + system), microseconds. */
export function cpuSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}
