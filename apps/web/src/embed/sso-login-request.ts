import { ref } from 'vue';

/** How long a host page has to answer `parley:login-request` before the embed says it did not. */
export const LOGIN_ANSWER_MS = 3000;

/**
 * Asking the host page to sign its reader in (single sign-on), and noticing when nobody answers.
 * `ask` dispatches `parley:login-request` and returns whether a listener acknowledged it with
 * `preventDefault()`. An acknowledged request waits for the host's `login()` however long its
 * sign-in takes; an unacknowledged one is `unanswered` after `waitMs` without a `login()`, so the
 * element can show the reader a way on instead of a button that does nothing.
 */
export function useSsoLoginRequest(ask: (reason: string) => boolean, waitMs = LOGIN_ANSWER_MS) {
  const unanswered = ref(false);
  let timer: ReturnType<typeof setTimeout> | null = null;

  function stop(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  function request(reason: string): void {
    stop();
    unanswered.value = false;
    if (ask(reason)) return;
    timer = setTimeout(() => {
      timer = null;
      unanswered.value = true;
    }, waitMs);
  }

  /** The host answered: `login()` was called, or the reader is signed in. */
  function answered(): void {
    stop();
    unanswered.value = false;
  }

  return { unanswered, request, answered, stop };
}
