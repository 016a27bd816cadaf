import { ApiError, errorMessage } from '../../api/http.js';
import type { Translate } from '../../i18n/localization.js';

/** A wait in words, rounded up so the reader never comes back too early: "10 minutes", "about 2 hours". */
export function waitInWords(seconds: number, t: Translate): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes < 60) return t('signIn.wait.minutes', { count: minutes });
  return t('signIn.wait.hours', { count: Math.round(minutes / 60) });
}

/**
 * What the sign-in form says when signing in or registering fails. The API's own message, except
 * where the form can be more exact: which name is kept for staff (not the raw field key), and how
 * long a rate limit lasts (the API's message only says "a minute" or "later").
 */
export function signInErrorMessage(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return errorMessage(error);
  if (error.code === 'auth/username_reserved' && error.fields) {
    const username = 'username' in error.fields;
    const displayName = 'displayName' in error.fields;
    if (username && displayName) return t('signIn.reserved.both');
    if (username) return t('signIn.reserved.username');
    if (displayName) return t('signIn.reserved.displayName');
  }
  if (error.code === 'auth/rate_limited') {
    const wait = error.details?.retryAfterSeconds;
    if (typeof wait === 'number' && wait > 0) {
      const first = error.message.split(/(?<=\.)\s/)[0] ?? error.message;
      return `${first} ${t('signIn.tryAgainIn', { wait: waitInWords(wait, t) })}`;
    }
  }
  return errorMessage(error);
}
