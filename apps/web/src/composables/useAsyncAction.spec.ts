import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http.js';
import { useAsyncAction } from './useAsyncAction.js';

/** A promise the test settles by hand, to look at the state while the action runs. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

describe(useAsyncAction.name, () => {
  it('is busy while the action runs and hands back its value', async () => {
    const sut = useAsyncAction();
    const call = deferred<number>();

    const result = sut.run(() => call.promise);
    expect(sut.busy.value).toBe(true);
    call.resolve(42);

    await expect(result).resolves.toEqual({ status: 'done', value: 42 });
    expect(sut.busy.value).toBe(false);
    expect(sut.error.value).toBeNull();
  });

  it('keeps the message of a failure until the next run starts', async () => {
    const sut = useAsyncAction();
    const refusal = new ApiError('comment/not_found', 'This comment no longer exists.', 404);

    const failed = await sut.run(() => Promise.reject(refusal));

    expect(failed).toEqual({ status: 'failed', error: refusal });
    expect(sut.error.value).toBe('This comment no longer exists.');
    expect(sut.busy.value).toBe(false);

    const call = deferred<void>();
    const next = sut.run(() => call.promise);
    expect(sut.error.value).toBeNull();
    call.resolve();
    await next;
  });

  it('skips a second call while the first is busy', async () => {
    const sut = useAsyncAction();
    const call = deferred<string>();
    let secondRan = false;

    const first = sut.run(() => call.promise);
    const second = await sut.run(async () => {
      secondRan = true;
    });
    call.resolve('first');

    expect(second).toEqual({ status: 'skipped' });
    expect(secondRan).toBe(false);
    await expect(first).resolves.toEqual({ status: 'done', value: 'first' });
  });

  it('words failures with the message option', async () => {
    const sut = useAsyncAction({ message: (error) => `Not saved. ${(error as Error).message}` });

    await sut.run(() => Promise.reject(new Error('Network down.')));

    expect(sut.error.value).toBe('Not saved. Network down.');
  });
});
