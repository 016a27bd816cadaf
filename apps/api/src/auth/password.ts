import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import pLimit from 'p-limit';
import { AppError } from '../common/app-error.js';

// argon2id with the OWASP-recommended floor (19 MiB, 2 passes); @node-rs/argon2 defaults to argon2id.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/**
 * Runs `work` with at most `concurrency` at a time; past `maxWaiting` queued it refuses at once
 * (503 server/unavailable) rather than let the queue, and everyone's wait, grow without end.
 */
export function boundedQueue(concurrency: number, maxWaiting: number) {
  const limit = pLimit(concurrency);
  const run = <T>(work: () => Promise<T>): Promise<T> => {
    if (limit.pendingCount >= maxWaiting) {
      return Promise.reject(new AppError('server/unavailable', { retryAfterSeconds: 5 }));
    }
    return limit(work);
  };
  // Object.assign would copy the getters' values once; these stay live.
  return Object.defineProperties(run, {
    activeCount: { get: () => limit.activeCount },
    pendingCount: { get: () => limit.pendingCount },
  }) as typeof run & { readonly activeCount: number; readonly pendingCount: number };
}

/**
 * argon2 runs on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise), which
 * file and DNS work share, and takes a core and 19 MiB for tens of milliseconds. A flood of
 * sign-ups or sign-ins therefore gets one core less than the machine has (at least one, at most
 * three), so the event loop and the thread pool's other users keep theirs.
 */
export const passwordHashing = boundedQueue(Math.max(1, Math.min(availableParallelism(), 4) - 1), 100);

export function hashPassword(password: string): Promise<string> {
  return passwordHashing(() => hash(password, OPTIONS));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await passwordHashing(() => verify(passwordHash, password));
  } catch (error) {
    if (error instanceof AppError) throw error;
    return false;
  }
}

/** A real hash of a random string, verified against when the user does not exist, so both answers take as long. */
export const DUMMY_HASH_PROMISE = hashPassword(`no-such-user-${Math.random()}`);
