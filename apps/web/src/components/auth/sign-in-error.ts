import { ApiError, errorMessage } from '../../api/http.js';

/** A wait in words, rounded up so the reader never comes back too early: "10 minutes", "about 2 hours". */
export function waitInWords(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes === 1) return 'a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours === 1 ? 'about an hour' : `about ${hours} hours`;
}

const RESERVED_FIELDS: Record<string, string> = { username: 'username', displayName: 'display name' };

/**
 * What the sign-in form says when signing in or registering fails. The API's own message, except
 * where the form can be more exact: which name is kept for staff (not the raw field key), and how
 * long a rate limit lasts (the API's message only says "a minute" or "later").
 */
export function signInErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return errorMessage(error);
  if (error.code === 'auth/username_reserved' && error.fields) {
    const names = Object.keys(error.fields)
      .map((field) => RESERVED_FIELDS[field])
      .filter((name) => name !== undefined);
    if (names.length === 1) return `That ${names[0]} is kept for the site's staff. Please choose another.`;
    if (names.length > 1)
      return `That ${names.join(' and ')} are kept for the site's staff. Please choose others.`;
  }
  if (error.code === 'auth/rate_limited') {
    const wait = error.details?.retryAfterSeconds;
    if (typeof wait === 'number' && wait > 0) {
      const first = error.message.split(/(?<=\.)\s/)[0] ?? error.message;
      return `${first} Please try again in ${waitInWords(wait)}.`;
    }
  }
  return errorMessage(error);
}
