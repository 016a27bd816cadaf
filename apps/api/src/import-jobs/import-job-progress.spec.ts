import { describe, expect, it } from 'vitest';
import type { ImportJobProgress } from './import-jobs.repository.js';
import { ImportJobStopped, ThrottledJobProgress } from './import-job-progress.js';

function progress(stop: { reason?: string } = {}) {
  let now = 0;
  const writes: ImportJobProgress[] = [];
  const sut = new ThrottledJobProgress(
    (state) => {
      writes.push(state);
      return Promise.resolve();
    },
    () => stop.reason,
    1000,
    () => now,
  );
  return { sut, writes, advance: (ms: number) => (now += ms) };
}

describe(ThrottledJobProgress.name, () => {
  it('writes each phase at its start and then at most once an interval', async () => {
    const { sut, writes, advance } = progress();
    sut.start('reading');
    for (let post = 1; post <= 50; post++) {
      advance(100);
      sut.update(post * 10, post);
    }
    await sut.settled();
    expect(writes[0]).toEqual({ phase: 'reading', bytesRead: 0, postsRead: 0 });
    // 5 s of updates every 100 ms: one write a second.
    expect(writes.slice(1).map((write) => write.postsRead)).toEqual([10, 20, 30, 40, 50]);
  });

  it('stops the run from inside the importer once a reason is set', () => {
    const stop: { reason?: string } = {};
    const { sut } = progress(stop);
    sut.start('importing');
    sut.update(1, 1);
    stop.reason = 'the node is shutting down';
    expect(() => sut.update(2, 2)).toThrow(ImportJobStopped);
  });

  it('keeps going when a progress write fails', async () => {
    const sut = new ThrottledJobProgress(
      () => Promise.reject(new Error('database away')),
      () => undefined,
    );
    sut.start('reading');
    await expect(sut.settled()).resolves.toBeUndefined();
  });
});
