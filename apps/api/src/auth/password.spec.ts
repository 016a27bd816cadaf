import { describe, expect, it } from 'vitest';
import { AppError } from '../common/app-error.js';
import { boundedQueue, hashPassword, passwordHashing, verifyPassword } from './password.js';

/** A task that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, task: () => opened };
}

/** Lets queued microtasks run (p-limit starts tasks a few ticks later). */
function settled(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('boundedQueue', () => {
  it('runs at most `concurrency` tasks at a time and the rest in turn', async () => {
    const sut = boundedQueue(2, 10);
    const gates = Array.from({ length: 5 }, gate);

    const done = gates.map((g) => sut(g.task));
    await settled();

    expect(sut.activeCount).toBe(2);
    expect(sut.pendingCount).toBe(3);
    for (const g of gates) g.open();
    await Promise.all(done);
    expect(sut.activeCount).toBe(0);
  });

  it('refuses with 503 server/unavailable once `maxWaiting` tasks wait', async () => {
    const sut = boundedQueue(1, 2);
    const gates = Array.from({ length: 3 }, gate);
    const accepted = gates.map((g) => sut(g.task));
    await settled();

    const refused = sut(() => Promise.resolve('never'));

    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({ code: 'server/unavailable' });
    for (const g of gates) g.open();
    await Promise.all(accepted);
  });
});

describe('password hashing', () => {
  it('hashes with argon2id through the bounded queue, never more at once than it allows', async () => {
    const hashes = Array.from({ length: 4 }, (_, index) => hashPassword(`password-${index}`));
    await settled();

    expect(passwordHashing.activeCount).toBeLessThanOrEqual(3);
    const results = await Promise.all(hashes);
    expect(results.every((value) => value.startsWith('$argon2id$'))).toBe(true);
    expect(await verifyPassword(results[0]!, 'password-0')).toBe(true);
    expect(await verifyPassword(results[0]!, 'password-1')).toBe(false);
  });
});
