import type { TrustProxy } from './client-address.js';

/**
 * The origin rules, for HTTP mutations (SessionGuard), the socket handshake (allowRequest) and
 * CORS, and for anything that asks "may a page on this origin use Parley?" (a story's URL).
 *
 * Listed origins are configured, never read from a request: every origin in PARLEY_ORIGINS (the
 * host sites that embed the comments) and the origin of PARLEY_PUBLIC_URL. A story's URL must be
 * on one of them (`isListedOrigin`).
 *
 * A request from a page (`isAllowedOrigin`) may also come from Parley's own origin as the browser
 * reached it: the scheme of the connection (or of a trusted proxy's X-Forwarded-Proto) and the
 * `Host` the browser sent. A browser cannot be made to send another site's Host, so this only
 * serves pages Parley itself served; no X-Forwarded-Host or Forwarded header is ever read. A browser
 * sends Origin on every cross-site request, on every same-site mutation and on every websocket
 * handshake, so a request without one (`undefined`) is not from a page (curl, a server-side client)
 * and carries no visitor's cookie by a page's doing: it is let through.
 */
export function isAllowedOrigin(
  origin: string | undefined,
  own: OwnOrigin,
  listed: readonly string[],
): boolean {
  if (origin === undefined) return true;
  if (isListedOrigin(origin, listed)) return true;
  if (own.host === undefined) return false;
  return origin === `${own.scheme}://${own.host.toLowerCase()}` || origin === defaultPortLess(own);
}

/** Whether `origin` (scheme://host[:port]) is one of the configured origins, exactly. */
export function isListedOrigin(origin: string, listed: readonly string[]): boolean {
  return listed.includes(origin);
}

/** The configured origins: PARLEY_ORIGINS and the origin of PARLEY_PUBLIC_URL. */
export function listedOrigins(config: {
  allowedOrigins: readonly string[];
  publicUrl: string | undefined;
}): string[] {
  const origins = [...config.allowedOrigins];
  if (config.publicUrl !== undefined) {
    const publicOrigin = new URL(config.publicUrl).origin;
    if (!origins.includes(publicOrigin)) origins.push(publicOrigin);
  }
  return origins;
}

/** Where a request was sent, as the browser saw it: the scheme and the Host header. */
export interface OwnOrigin {
  scheme: 'http' | 'https';
  host: string | undefined;
}

/** An Express request's own origin (`protocol` believes X-Forwarded-Proto from trusted proxies only). */
export function expressOwnOrigin(request: { protocol: string; headers: { host?: string } }): OwnOrigin {
  return { scheme: request.protocol === 'https' ? 'https' : 'http', host: request.headers.host };
}

/** A raw Node request's own origin: TLS or a trusted proxy's X-Forwarded-Proto, and Host. */
export function requestOwnOrigin(
  request: {
    socket: { remoteAddress?: string; encrypted?: boolean };
    headers: Record<string, string | string[] | undefined>;
  },
  trust: TrustProxy,
): OwnOrigin {
  const host = request.headers.host;
  return { scheme: requestScheme(request, trust), host: typeof host === 'string' ? host : undefined };
}

/** As Express's `request.protocol`: the proxy's word counts only when the proxy is trusted. */
function requestScheme(
  request: {
    socket: { remoteAddress?: string; encrypted?: boolean };
    headers: Record<string, string | string[] | undefined>;
  },
  trust: TrustProxy,
): 'http' | 'https' {
  const own = request.socket.encrypted ? 'https' : 'http';
  if (!trust(request.socket.remoteAddress ?? '', 0)) return own;
  const header = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https' || first === 'http' ? first : own;
}

/** `https://host:443` is sent by no browser, but a Host header may carry the default port. */
function defaultPortLess(own: OwnOrigin): string | undefined {
  const host = own.host!.toLowerCase();
  const suffix = own.scheme === 'https' ? ':443' : ':80';
  return host.endsWith(suffix) ? `${own.scheme}://${host.slice(0, -suffix.length)}` : undefined;
}
