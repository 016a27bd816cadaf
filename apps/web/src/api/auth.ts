import type { LoginRequest, Me, RegisterRequest } from '@parley/shared';
import { currentConnection } from './connection.js';
import { ApiError, http } from './http.js';

/** What sign-in answers when asked for a bearer token (`"token": true`) instead of a cookie. */
interface SignedIn {
  me: Me;
  token: string;
}

/** In bearer mode (the embed) asks for a token and keeps it; otherwise the cookie is the session. */
async function signIn(path: string, body: object): Promise<Me> {
  const { saveToken } = currentConnection();
  if (!saveToken) return http.post<Me>(path, body);
  return keep(await http.post<SignedIn>(path, { ...body, token: true }));
}

function keep(answer: SignedIn): Me {
  currentConnection().saveToken?.(answer.token);
  return answer.me;
}

export const authApi = {
  /** The signed-in user, or null when nobody is (401; a stale bearer token is forgotten). */
  me: async (): Promise<Me | null> => {
    try {
      return await http.get<Me>('/api/auth/me');
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        currentConnection().saveToken?.(null);
        return null;
      }
      throw error;
    }
  },
  login: (body: LoginRequest) => signIn('/api/auth/login', body),
  register: (body: RegisterRequest) => signIn('/api/auth/register', body),
  /** Exchanges a host site's signed token (single sign-on) for a Parley session token. */
  sso: async (token: string) => keep(await http.post<SignedIn>('/api/auth/sso', { token })),
  /** Whether the site signs readers in itself (single sign-on) rather than with Parley accounts. */
  options: () => http.get<{ sso: boolean }>('/api/auth/options'),
  /** Ends the session on the server; in bearer mode the token is forgotten even if that fails. */
  logout: async (): Promise<void> => {
    try {
      await http.post<void>('/api/auth/logout');
    } finally {
      currentConnection().saveToken?.(null);
    }
  },
};
