/**
 * The one origin rule, for HTTP mutations (SessionGuard), the socket handshake (allowRequest) and
 * CORS, and for anything else that asks "may a page on this origin use Parley?" (a story's URL).
 *
 * Allowed: Parley's own origin (the Origin names the host the request was sent to), and every
 * origin in PARLEY_ORIGINS (the host sites that embed the comments, and Parley's own public origin
 * when a proxy changes the Host). A browser sends Origin on every cross-site request, on every
 * same-site mutation and on every websocket handshake, so a request without one (`undefined`) is
 * not from a page (curl, a server-side client) and carries no visitor's cookie by a page's doing:
 * it is let through.
 */
export function isAllowedOrigin(
  origin: string | undefined,
  host: string | undefined,
  allowedOrigins: readonly string[],
): boolean {
  if (origin === undefined) return true;
  if (allowedOrigins.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
