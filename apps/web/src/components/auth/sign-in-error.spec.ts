import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/http.js';
import { testLocalization } from '../../testing/localization.js';
import { signInErrorMessage as messageIn, waitInWords as waitIn } from './sign-in-error.js';

const { t } = await testLocalization('en');
const waitInWords = (seconds: number) => waitIn(seconds, t);
const signInErrorMessage = (error: unknown) => messageIn(error, t);

const RESERVED = "That name is kept for the site's staff. Please choose another.";
const reserved = (fields?: Record<string, string>) =>
  new ApiError('auth/username_reserved', RESERVED, 409, fields);
const limited = (message: string, details?: Record<string, unknown>) =>
  new ApiError('auth/rate_limited', message, 429, undefined, details);

describe(waitIn.name, () => {
  it.each([
    [1, 'a minute'],
    [60, 'a minute'],
    [61, '2 minutes'],
    [598, '10 minutes'],
    [3599, 'about an hour'],
    [5400, 'about 2 hours'],
  ])('%i s is %s', (seconds, words) => {
    expect(waitInWords(seconds)).toBe(words);
  });
});

describe(messageIn.name, () => {
  it('names which name is kept for staff, in words instead of the field key', () => {
    expect(signInErrorMessage(reserved({ displayName: 'is kept for staff' }))).toBe(
      "That display name is kept for the site's staff. Please choose another.",
    );
    expect(signInErrorMessage(reserved({ username: 'is kept for staff' }))).toBe(
      "That username is kept for the site's staff. Please choose another.",
    );
    expect(
      signInErrorMessage(reserved({ username: 'is kept for staff', displayName: 'is kept for staff' })),
    ).toBe("That username and display name are kept for the site's staff. Please choose others.");
    expect(signInErrorMessage(reserved())).toBe(RESERVED);
  });

  it('says how long a rate limit lasts', () => {
    const signIn = 'Too many sign-in attempts. Please wait a minute and try again.';
    expect(signInErrorMessage(limited(signIn, { retryAfterSeconds: 598 }))).toBe(
      'Too many sign-in attempts. Please try again in 10 minutes.',
    );
    const signUp = 'Too many accounts were created from this address. Please try again later.';
    expect(signInErrorMessage(limited(signUp, { retryAfterSeconds: 3600 }))).toBe(
      'Too many accounts were created from this address. Please try again in about an hour.',
    );
    expect(signInErrorMessage(limited(signIn))).toBe(signIn);
  });

  it("speaks the reader's language", async () => {
    const russian = await testLocalization('ru');
    expect(waitIn(598, russian.t)).toBe('10 минут');
    expect(waitIn(5400, russian.t)).toBe('около 2 часов');
    expect(messageIn(reserved({ username: 'is kept for staff' }), russian.t)).toBe(
      'Это имя пользователя закреплено за сотрудниками сайта. Выберите другое.',
    );
  });

  it('passes any other error through as the API worded it', () => {
    expect(
      signInErrorMessage(new ApiError('auth/invalid_credentials', 'Wrong username or password.', 401)),
    ).toBe('Wrong username or password.');
    expect(signInErrorMessage(new Error('offline'))).toBe('offline');
  });
});
