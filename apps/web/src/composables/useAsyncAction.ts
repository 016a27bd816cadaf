import { readonly, ref } from 'vue';
import { errorMessage } from '../api/http.js';

/** What `run` came to: the action's value, what it threw, or `skipped` while another run was busy. */
export type AsyncActionResult<T> =
  { status: 'done'; value: T } | { status: 'failed'; error: unknown } | { status: 'skipped' };

export interface AsyncActionOptions {
  /** The message shown for a failure; by default the error's own message (`errorMessage`). */
  message?: (error: unknown) => string;
}

/**
 * Busy and error state around a component's async calls: `busy` while one runs (a second call
 * meanwhile is skipped, as the controls it drives are disabled), `error` holding the message of
 * the last failure until the next run. `error` is writable for checks made before any call.
 */
export function useAsyncAction(options: AsyncActionOptions = {}) {
  const describe = options.message ?? errorMessage;
  const busy = ref(false);
  const error = ref<string | null>(null);

  async function run<T>(action: () => Promise<T>): Promise<AsyncActionResult<T>> {
    if (busy.value) return { status: 'skipped' };
    busy.value = true;
    error.value = null;
    try {
      return { status: 'done', value: await action() };
    } catch (caught) {
      error.value = describe(caught);
      return { status: 'failed', error: caught };
    } finally {
      busy.value = false;
    }
  }

  return { busy: readonly(busy), error, run };
}
