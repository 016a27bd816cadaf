import { COMMENT_MAX_LENGTH, FIELD_MESSAGES } from '@parley/shared';
import { beforeAll, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS } from './support/app.js';
import { createStory, createUser, registerUser, uniqueName, type TestUser } from './support/factories.js';
import { ApiClient, errorOf, type ApiResponse } from './support/http.js';
import { appSuite } from './support/suite.js';

/**
 * Issue 23 item 5: a form's failure names each bad field with a catalogue sentence (`FIELD_MESSAGES`)
 * that the form shows beside that field as it is.
 */
appSuite('field errors', (testApp) => {
  const fieldsOf = (response: ApiResponse) => {
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    return errorOf(response).fields;
  };

  let reader: TestUser;
  beforeAll(async () => {
    reader = await createUser(testApp);
  }, BOOT_TIMEOUT_MS);

  it('register: every bad field gets its own sentence', async () => {
    const response = await new ApiClient(testApp.baseUrl).post('/api/auth/register', {
      username: 'a b',
      password: 'short',
      email: 'not-an-address',
    });

    expect(errorOf(response).code).toBe('request/invalid');
    expect(fieldsOf(response)).toEqual({
      username: FIELD_MESSAGES.username,
      password: 'Use at least 8 characters.',
      email: FIELD_MESSAGES.email,
    });
    // For a caller without a form, the message still names the fields.
    expect(errorOf(response).message).toContain('password: Use at least 8 characters.');
  });

  it('register: a missing field is asked for, a taken name is said beside it', async () => {
    const empty = await new ApiClient(testApp.baseUrl).post('/api/auth/register', {});
    expect(fieldsOf(empty)).toEqual({ username: FIELD_MESSAGES.required, password: FIELD_MESSAGES.required });

    const taken = await new ApiClient(testApp.baseUrl).post('/api/auth/register', {
      username: reader.username,
      password: 'long-enough-1',
    });
    expect(fieldsOf(taken)).toEqual({ username: FIELD_MESSAGES.usernameTaken });
  });

  it('sign in: each empty field is asked for', async () => {
    const response = await new ApiClient(testApp.baseUrl).post('/api/auth/login', {
      username: ' ',
      password: '',
    });

    expect(fieldsOf(response)).toEqual({
      username: FIELD_MESSAGES.usernameRequired,
      password: FIELD_MESSAGES.passwordRequired,
    });
  });

  it('account page: display name, email and password changes', async () => {
    const account = await registerUser(testApp, { username: uniqueName('fe') });

    const profile = await account.client.patch('/api/auth/me', { displayName: ' ', email: 'nope' });
    expect(fieldsOf(profile)).toEqual({
      displayName: FIELD_MESSAGES.displayNameRequired,
      email: FIELD_MESSAGES.email,
    });

    const password = await account.client.post('/api/auth/password', {
      currentPassword: '',
      newPassword: 'short',
    });
    expect(fieldsOf(password)).toEqual({
      currentPassword: FIELD_MESSAGES.currentPasswordRequired,
      newPassword: FIELD_MESSAGES.passwordTooShort,
    });

    const wrong = await account.client.post('/api/auth/password', {
      currentPassword: 'not-the-password',
      newPassword: 'long-enough-2',
    });
    expect(fieldsOf(wrong)).toEqual({ currentPassword: FIELD_MESSAGES.currentPasswordWrong });
  });

  it('composer: an empty or too long comment', async () => {
    const story = await createStory(testApp.db);
    const path = `/api/stories/${story.slug}/comments`;

    expect(fieldsOf(await reader.client.post(path, { body: '   ' }))).toEqual({
      body: FIELD_MESSAGES.commentEmpty,
    });
    expect(fieldsOf(await reader.client.post(path, { body: 'x'.repeat(COMMENT_MAX_LENGTH + 1) }))).toEqual({
      body: FIELD_MESSAGES.commentTooLong,
    });
  });
});
