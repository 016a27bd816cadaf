import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { processCpuMicros } from './cpu.js';
import { pinPrefix, type Role } from './pinning.js';

/** A message a bench child sends its parent over IPC: always an object with a `type`. */
export interface Message {
  type: string;
  [key: string]: unknown;
}

/** The soft and hard open-file limits children inherit; the soft one is raised to the hard one for them. */
export const fdLimits = (() => {
  try {
    const [soft, hard] = execFileSync('sh', ['-c', 'ulimit -Sn; ulimit -Hn'], { encoding: 'utf8' })
      .trim()
      .split('\n');
    const parse = (value: string | undefined) => (value === 'unlimited' ? Infinity : Number(value));
    return { soft: parse(soft), hard: parse(hard) };
  } catch {
    return { soft: NaN, hard: NaN };
  }
})();

export interface StartOptions {
  env?: Record<string, string | undefined>;
  /** Extra `node` flags, e.g. `--import` of the profiling preload. */
  execArgv?: string[];
  cwd?: string;
  logDir: string;
  /** Which core set to pin the process to (see pinning.ts); unpinned when absent. */
  role?: Role;
  /** An IPC channel to the harness (default); off for a command that must end by itself (the import CLI). */
  ipc?: boolean;
}

/** A child Node process with its log file and a queue of the IPC messages it sent. */
export class NodeChild {
  readonly exited: Promise<number | null>;
  private readonly inbox: Message[] = [];
  private readonly waiters: { match: (message: Message) => boolean; resolve: (message: Message) => void }[] =
    [];
  private exitCode: number | null | undefined = undefined;

  constructor(
    readonly name: string,
    readonly process: ChildProcess,
    readonly logPath: string,
  ) {
    process.on('message', (raw) => {
      const message = raw as Message;
      const index = this.waiters.findIndex((waiter) => waiter.match(message));
      if (index >= 0) this.waiters.splice(index, 1)[0]!.resolve(message);
      else this.inbox.push(message);
    });
    this.exited = new Promise((resolve) => {
      process.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : null);
        live.delete(this);
        resolve(this.exitCode);
      });
    });
  }

  get pid(): number {
    return this.process.pid!;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  send(message: Message): void {
    if (this.running && this.process.connected) this.process.send(message);
  }

  /** The next message of this type (or already queued one); fails if the child exits or time runs out. */
  next<T extends Message>(type: string, timeoutMs: number): Promise<T> {
    const queued = this.inbox.findIndex((message) => message.type === type || message.type === 'error');
    if (queued >= 0) return settle(this, this.inbox.splice(queued, 1)[0]!) as Promise<T>;
    return new Promise<Message>((resolve, reject) => {
      const waiter = {
        match: (message: Message) => message.type === type || message.type === 'error',
        resolve,
      };
      this.waiters.push(waiter);
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(
          new Error(
            `${this.name}: no "${type}" within ${Math.round(timeoutMs / 1000)} s (log: ${this.logPath})`,
          ),
        );
      }, timeoutMs);
      void this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (code ${code}) before "${type}" (log: ${this.logPath})`));
      });
      const original = waiter.resolve;
      waiter.resolve = (message) => {
        clearTimeout(timer);
        original(message);
      };
    }).then((message) => settle(this, message)) as Promise<T>;
  }

  /** CPU time (user + system) the process has used so far, in microseconds, from /proc. */
  cpuMicros(): number {
    return processCpuMicros(this.pid);
  }

  /** Asks politely (SIGTERM, or `signal`), then SIGKILL after `graceMs`. */
  async stop(graceMs = 5000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.running) return;
    this.process.kill(signal);
    const timer = setTimeout(() => this.running && this.process.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

function settle(child: NodeChild, message: Message): Promise<Message> {
  if (message.type === 'error') return Promise.reject(new Error(`${child.name}: ${String(message.message)}`));
  return Promise.resolve(message);
}

const live = new Set<NodeChild>();

/** Set on Ctrl-C: no new process starts, so the harness winds down to its cleanup. */
export const abort = { requested: false };

/**
 * Starts `node script args` with an IPC channel and its output in `<logDir>/<name>.log`. The
 * child gets the hard open-file limit, since thousands of sockets need thousands of descriptors.
 */
export function startNode(name: string, script: string, args: string[], options: StartOptions): NodeChild {
  if (abort.requested) throw new Error('interrupted');
  mkdirSync(options.logDir, { recursive: true });
  const logPath = join(options.logDir, `${name}.log`);
  const log = openSync(logPath, 'w');
  // taskset and sh both exec, so the child's pid stays the node process's (for /proc CPU).
  const argv = [
    ...(options.role ? pinPrefix(options.role) : []),
    process.execPath,
    ...(options.execArgv ?? []),
    script,
    ...args,
  ];
  const raise = Number.isFinite(fdLimits.hard) && fdLimits.hard > fdLimits.soft;
  const command = raise ? 'sh' : argv[0]!;
  const commandArgs = raise ? ['-c', `ulimit -n ${fdLimits.hard} && exec "$0" "$@"`, ...argv] : argv.slice(1);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...options.env })) {
    if (value !== undefined) env[key] = value;
  }
  const child = spawn(command, commandArgs, {
    cwd: options.cwd,
    env,
    stdio: options.ipc === false ? ['ignore', log, log] : ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  const wrapped = new NodeChild(name, child, logPath);
  live.add(wrapped);
  return wrapped;
}

/** Stops every child still running (the bench's cleanup path, also on failure and Ctrl-C). */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((child) => child.stop(3000)));
}

/** Runs `work`, then stops exactly the children it started, whether it succeeded or not. */
export async function withChildren<T>(work: (children: NodeChild[]) => Promise<T>): Promise<T> {
  const children: NodeChild[] = [];
  try {
    return await work(children);
  } finally {
    await Promise.all(children.map((child) => child.stop()));
  }
}
