/** Node socket errors that mean the database server cannot be reached or went away. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is there but cannot serve: admin_shutdown, crash_shutdown,
 * cannot_connect_now (starting up), query_canceled (statement_timeout), too_many_connections.
 * Class 08 (connection exceptions) is matched by prefix.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '57014', '53300']);

/** Messages pg and pg-pool give without a code (timeouts, reset connections). */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|not queryable|Connection (is )?closed/i;

/**
 * Whether an error means "the database is unreachable or too slow right now" (answer 503 and let
 * the client retry) rather than a bug (500). Looks through `cause` chains.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08/.test(code)) return true;
  }
  if (UNAVAILABLE_MESSAGE.test(error.message)) return true;
  return isDatabaseUnavailable(error.cause, depth + 1);
}

/**
 * The constraint a unique violation (SQLSTATE 23505) broke, or undefined for any other error. pg
 * and PGlite both name it in `constraint`; the message is the fallback.
 */
export function uniqueViolation(error: unknown): string | undefined {
  if (!(error instanceof Error) || (error as { code?: unknown }).code !== '23505') return undefined;
  const constraint = (error as { constraint?: unknown }).constraint;
  if (typeof constraint === 'string') return constraint;
  return /constraint "([^"]+)"/.exec(error.message)?.[1] ?? '';
}

/**
 * The constraint a foreign-key violation (SQLSTATE 23503) broke, or undefined for any other error:
 * a row referred to was deleted meanwhile (a story merged away under a comment being posted).
 */
export function foreignKeyViolation(error: unknown): string | undefined {
  if (!(error instanceof Error) || (error as { code?: unknown }).code !== '23503') return undefined;
  const constraint = (error as { constraint?: unknown }).constraint;
  if (typeof constraint === 'string') return constraint;
  return /constraint "([^"]+)"/.exec(error.message)?.[1] ?? '';
}
