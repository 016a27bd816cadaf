import type { AccountSessionPage, EndedSessions, SessionUser, TokenSignInResponse } from '@parley/shared';
import { beforeAll, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS } from './support/app.js';
import { login, registerUser, type TestUser } from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';
import { connectSocket, nextDisconnect, nextEvent } from './support/sockets.js';
import { appSuite } from './support/suite.js';

/** Issue 23: changing one's password, and seeing and ending one's sessions, from the account page. */
appSuite('account sessions', { closeSocketsAfterEach: true }, (testApp) => {
  /** A second sign-in of the same account, as an embed makes it: a bearer token and no cookie. */
  async function bearerClient(user: TestUser): Promise<{ client: ApiClient; token: string }> {
    const anonymous = new ApiClient(testApp.baseUrl);
    const response = await anonymous.post<TokenSignInResponse>('/api/auth/login', {
      username: user.username,
      password: user.password,
      token: true,
    });
    expect(response.status).toBe(200);
    const token = response.body.token;
    const client = new ApiClient(testApp.baseUrl);
    const send = client.request.bind(client);
    client.request = (method, path, options = {}) =>
      send(method, path, { ...options, headers: { ...options.headers, authorization: `Bearer ${token}` } });
    return { client, token };
  }

  /** Whether the client's session is still signed in (`GET /api/auth/me` names its user). */
  const signedIn = async (client: ApiClient) =>
    (await client.get<SessionUser>('/api/auth/me')).body.user !== null;

  let user: TestUser;
  beforeAll(async () => {
    user = await registerUser(testApp);
  }, BOOT_TIMEOUT_MS);

  it('changes the password, ends every other cookie, token and socket, and keeps the current session', async () => {
    const account = await registerUser(testApp);
    const otherBrowser = await login(testApp, account.username, account.password);
    const embed = await bearerClient(account);
    const otherSocket = await connectSocket(testApp.baseUrl, { cookie: otherBrowser.cookie });
    const ownSocket = await connectSocket(testApp.baseUrl, { cookie: account.client.cookie });
    const ended = nextEvent(otherSocket, 'session:ended');
    const otherGone = nextDisconnect(otherSocket);

    const response = await account.client.post<EndedSessions>('/api/auth/password', {
      currentPassword: account.password,
      newPassword: 'a-brand-new-password',
    });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ endedSessions: 2 });
    expect(await signedIn(otherBrowser)).toBe(false);
    expect(await signedIn(embed.client)).toBe(false);
    expect(await signedIn(account.client)).toBe(true);
    expect(await ended).toEqual({ reason: 'password changed' });
    await otherGone;
    expect(ownSocket.connected).toBe(true);
    // The new password signs in; the old one no longer does.
    await login(testApp, account.username, 'a-brand-new-password');
    const old = await new ApiClient(testApp.baseUrl).post('/api/auth/login', {
      username: account.username,
      password: account.password,
    });
    expect(errorOf(old).code).toBe('auth/invalid_credentials');
  });

  it('keeps the current bearer session when the embed changes the password', async () => {
    const account = await registerUser(testApp);
    const embed = await bearerClient(account);

    const response = await embed.client.post<EndedSessions>('/api/auth/password', {
      currentPassword: account.password,
      newPassword: 'embed-new-password',
    });

    expect(response.body).toEqual({ endedSessions: 1 });
    expect(await signedIn(embed.client)).toBe(true);
    expect(await signedIn(account.client)).toBe(false);
  });

  it('refuses a wrong current password and changes or ends nothing', async () => {
    const account = await registerUser(testApp);
    const otherBrowser = await login(testApp, account.username, account.password);

    const response = await account.client.post('/api/auth/password', {
      currentPassword: 'not-my-password',
      newPassword: 'a-brand-new-password',
    });

    expect(response.status).toBe(403);
    expect(errorOf(response).code).toBe('auth/wrong_password');
    expect(errorOf(response).fields).toEqual({ currentPassword: 'That is not your current password.' });
    expect(await signedIn(otherBrowser)).toBe(true);
    await login(testApp, account.username, account.password);
  });

  it('says beside the field what a new password needs', async () => {
    const response = await user.client.post('/api/auth/password', {
      currentPassword: user.password,
      newPassword: 'short',
    });

    expect(response.status).toBe(400);
    expect(errorOf(response).fields).toEqual({ newPassword: 'Use at least 8 characters.' });
  });

  it('limits password changes per account', async () => {
    const account = await registerUser(testApp);
    const attempts = [];
    for (let attempt = 0; attempt < 11; attempt++) {
      attempts.push(
        (
          await account.client.post('/api/auth/password', {
            currentPassword: 'wrong',
            newPassword: 'whatever-1',
          })
        ).status,
      );
    }

    expect(attempts.slice(0, 10).every((status) => status === 403)).toBe(true);
    expect(attempts[10]).toBe(429);
  });

  it('lists the sessions, the current one marked, with a browser summary and no token', async () => {
    const account = await registerUser(testApp);
    const other = new ApiClient(testApp.baseUrl);
    await other.post(
      '/api/auth/login',
      { username: account.username, password: account.password },
      {
        headers: {
          'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
        },
      },
    );
    const embed = await bearerClient(account);

    const response = await account.client.get<AccountSessionPage>('/api/auth/sessions');

    expect(response.status).toBe(200);
    const { items } = response.body;
    expect(items).toHaveLength(3);
    expect(items.filter((session) => session.current)).toHaveLength(1);
    expect(items.map((session) => session.userAgent)).toContain('Firefox on Linux');
    for (const session of items) {
      expect(Object.keys(session).sort()).toEqual([
        'createdAt',
        'current',
        'expiresAt',
        'id',
        'lastSeenAt',
        'userAgent',
      ]);
    }
    const text = JSON.stringify(response.body);
    expect(text).not.toContain(embed.token);
    expect(text).not.toContain(account.client.cookie!.split('=')[1]);
    // Newest first: the embed signed in last.
    const fromEmbed = await embed.client.get<AccountSessionPage>('/api/auth/sessions?limit=1');
    expect(fromEmbed.body.items[0]!.current).toBe(true);
    expect(fromEmbed.body.nextCursor).not.toBeNull();
  });

  it('ends one session by its id, and not someone else’s', async () => {
    const account = await registerUser(testApp);
    const otherBrowser = await login(testApp, account.username, account.password);
    const { items } = (await account.client.get<AccountSessionPage>('/api/auth/sessions')).body;
    const other = items.find((session) => !session.current)!;

    const stranger = await user.client.delete(`/api/auth/sessions/${other.id}`);
    expect(errorOf(stranger).code).toBe('auth/session_not_found');
    expect(await signedIn(otherBrowser)).toBe(true);

    const response = await account.client.delete(`/api/auth/sessions/${other.id}`);

    expect(response.status).toBe(204);
    expect(await signedIn(otherBrowser)).toBe(false);
    expect(await signedIn(account.client)).toBe(true);
    const again = await account.client.delete(`/api/auth/sessions/${other.id}`);
    expect(errorOf(again).code).toBe('auth/session_not_found');
  });

  it('ending the current session signs out and clears the cookie', async () => {
    const account = await registerUser(testApp);
    const { items } = (await account.client.get<AccountSessionPage>('/api/auth/sessions')).body;

    const response = await account.client.delete(`/api/auth/sessions/${items[0]!.id}`);

    expect(response.status).toBe(204);
    expect(account.client.cookie).toBeUndefined();
  });

  it('signs out everywhere else', async () => {
    const account = await registerUser(testApp);
    const otherBrowser = await login(testApp, account.username, account.password);
    const embed = await bearerClient(account);

    const response = await account.client.delete<EndedSessions>('/api/auth/sessions');

    expect(response.body).toEqual({ endedSessions: 2 });
    expect(await signedIn(otherBrowser)).toBe(false);
    expect(await signedIn(embed.client)).toBe(false);
    expect(await signedIn(account.client)).toBe(true);
    expect((await account.client.get<AccountSessionPage>('/api/auth/sessions')).body.items).toHaveLength(1);
  });
});
