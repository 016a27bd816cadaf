/**
 * The one origin rule, for HTTP mutations (SessionGuard) and the socket handshake (allowRequest).
 * A browser sends Origin on every cross-site request, on every same-site mutation and on every
 * websocket handshake, so a request without one is not from a page (curl, a server-side client)
 * and carries no visitor's cookie by a page's doing: it is let through. With PARLEY_ORIGINS the
 * Origin must be one of them; without, it must name the host the request was sent to.
 */
export function isAllowedOrigin(
  origin: string | undefined,
  host: string | undefined,
  allowedOrigins: readonly string[],
): boolean {
  if (origin === undefined) return true;
  if (allowedOrigins.length > 0) return allowedOrigins.includes(origin);
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
