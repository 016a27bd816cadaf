import { randomBytes, randomUUID } from 'node:crypto';
import type { TokenSignInResponse } from '@parley/shared';
import { SignJWT } from 'jose';
import type { TestApp } from './app.js';
import { uniqueName } from './factories.js';
import { ApiClient } from './http.js';
import type { AppSuiteOptions } from './suite.js';

/** The host site that embeds Parley and signs its readers in (SSO, bearer tokens). */
export const HOST_SITE = 'https://news.example.org';
export const NEW_SECRET = `new-${randomBytes(24).toString('hex')}`;
export const OLD_SECRET = `old-${randomBytes(24).toString('hex')}`;

/** An SSO token as a host site makes one; `claims` replaces or (undefined) drops the defaults. */
export async function ssoToken(
  claims: Record<string, unknown> = {},
  options: { secret?: string; alg?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    sub: `host-${randomUUID()}`,
    username: uniqueName('Sso'),
    iat: now,
    exp: now + 3600,
    ...claims,
  };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  return new SignJWT(payload)
    .setProtectedHeader({ alg: options.alg ?? 'HS256' })
    .sign(new TextEncoder().encode(options.secret ?? NEW_SECRET));
}

/** An app that lists the host site and accepts its SSO tokens signed with either secret (a rotation). */
export const hostSiteSuite: AppSuiteOptions = {
  env: { PARLEY_ORIGINS: HOST_SITE, PARLEY_SSO_SECRET: `${NEW_SECRET},${OLD_SECRET}` },
  closeSocketsAfterEach: true,
};

/** Clients of the app as a host site's page makes them. */
export function hostSiteClients(sut: Pick<TestApp, 'baseUrl'>) {
  /** A client on a host site's page: bearer token, the host's Origin, no cookie. */
  function hostPage(token?: string, origin = HOST_SITE): ApiClient {
    const client = new ApiClient(sut.baseUrl);
    const request = client.request.bind(client);
    client.request = (method, path, options = {}) =>
      request(method, path, {
        origin,
        ...options,
        headers: { ...(token && { authorization: `Bearer ${token}` }), ...options.headers },
      });
    return client;
  }

  async function signInWithSso(token: string, client = hostPage()) {
    return client.post<TokenSignInResponse>('/api/auth/sso', { token });
  }

  return { hostPage, signInWithSso };
}
