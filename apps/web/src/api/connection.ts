/**
 * Where the API is and how this page proves who it is. The full page keeps the defaults (same
 * origin, the session cookie); the embed points at the origin it was loaded from and sends a
 * bearer token, since browsers do not send third-party cookies.
 */
export interface Connection {
  /** The API's origin, e.g. `https://comments.example.org`; '' for this page's own origin. */
  baseUrl: string;
  /** The bearer token to send, or null (cookie, or nobody signed in). Read on every request. */
  token: () => string | null;
  /**
   * Set in bearer mode (the embed): keeps the token the API hands out at sign-in, or forgets it
   * (null) at sign-out. Unset, the session is the cookie and sign-in asks for no token.
   */
  saveToken: ((token: string | null) => void) | null;
  /**
   * The language the page shows, sent as `Accept-Language` on every request and as `auth.locale` in
   * the socket handshake, so the API's error messages come in it; null sends the browser's own.
   */
  locale: () => string | null;
}

const connection: Connection = { baseUrl: '', token: () => null, saveToken: null, locale: () => null };

export function configureConnection(next: Partial<Connection>): void {
  Object.assign(connection, next);
}

export function currentConnection(): Readonly<Connection> {
  return connection;
}
