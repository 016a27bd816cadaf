import type { LoginRequest, Me, RegisterRequest, TokenSignInResponse } from '@parley/shared';
import { call } from './client.js';
import { currentConnection } from './connection.js';

/** In bearer mode (the embed) asks for a token and keeps it; otherwise the cookie is the session. */
async function signIn(id: 'login' | 'register', body: LoginRequest | RegisterRequest): Promise<Me> {
  const { saveToken } = currentConnection();
  const answer = await call(id, { body: saveToken ? { ...body, token: true } : body });
  return 'token' in answer ? keep(answer) : answer;
}

function keep(answer: TokenSignInResponse): Me {
  currentConnection().saveToken?.(answer.token);
  return answer.me;
}

export const authApi = {
  /** The signed-in user, or null when nobody is (a stale bearer token is then forgotten). */
  me: async (): Promise<Me | null> => {
    const { user } = await call('getMe', {});
    if (!user) currentConnection().saveToken?.(null);
    return user;
  },
  login: (body: LoginRequest) => signIn('login', body),
  register: (body: RegisterRequest) => signIn('register', body),
  /** Exchanges a host site's signed token (single sign-on) for a Parley session token. */
  sso: async (token: string) => keep(await call('signInWithSso', { body: { token } })),
  /** Whether the site signs readers in itself (single sign-on) rather than with Parley accounts. */
  options: () => call('getAuthOptions', {}),
  /** Ends the session on the server; in bearer mode the token is forgotten even if that fails. */
  logout: async (): Promise<void> => {
    try {
      await call('logout', {});
    } finally {
      currentConnection().saveToken?.(null);
    }
  },
};
