import type { ApiErrorBody, ErrorCode } from '@parley/shared';
import { currentConnection } from './connection.js';

/** An error answer from the API, or a network failure (`code` 'network'). */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'network',
    message: string,
    readonly status: number,
    readonly fields?: Record<string, string>,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

type Words = (key: string, values?: Record<string, number>) => string;

/** The page's catalogue, for the errors the browser meets with no server to word them. */
let words: Words | null = null;

/** Gives the api the page's translator (the app and the embed, once each, as they start). */
export function wordClientErrors(translate: Words): void {
  words = translate;
}

/** A client-side error message from `common.<key>` of the reader catalogue, English until it loads. */
function clientError(key: 'unreachable' | 'serverAnswered', english: string, status = 0): string {
  const text = words?.(`common.${key}`, { status });
  return text && text !== `common.${key}` ? text : english;
}

/** "Could not reach the server…", in the page's language. */
export const unreachableMessage = () =>
  clientError('unreachable', 'Could not reach the server. Check your connection and try again.');

/** "The server answered 502…", for an error answer with no message of its own. */
export const serverAnsweredMessage = (status: number) =>
  clientError('serverAnswered', `The server answered ${status}. Please try again.`, status);

export interface RequestOptions {
  headers?: Record<string, string>;
}

/** A JSON answer and the server's clock (the `Date` header), used as a baseline for live catch-up. */
export interface Timed<T> {
  data: T;
  serverTime: string | null;
}

/**
 * Typed JSON over fetch, with the session cookie on the page's own origin or a bearer token to the
 * configured API origin (`api/connection.ts`); every failure becomes an ApiError with a readable message.
 */
export async function requestTimed<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<Timed<T>> {
  const { baseUrl, token, locale } = currentConnection();
  const bearer = token();
  const language = locale();
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      method,
      // Cross-origin (the embed) the token is the only credential: no cookies either way.
      credentials: baseUrl ? 'omit' : 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        // A CORS-safelisted header: the embed's cross-origin requests need no preflight for it.
        ...(language ? { 'accept-language': language } : {}),
        ...options.headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('network', unreachableMessage(), 0);
  }
  const serverTime = parseDateHeader(response.headers.get('date'));
  if (response.status === 204) return { data: undefined as T, serverTime };
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = payload as Partial<ApiErrorBody> | undefined;
    throw new ApiError(
      error?.code ?? (response.status >= 502 && response.status <= 504 ? 'network' : 'server/internal'),
      error?.message ?? serverAnsweredMessage(response.status),
      response.status,
      error?.fields,
      error?.details,
    );
  }
  return { data: payload as T, serverTime };
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  options?: RequestOptions,
): Promise<T> {
  return (await requestTimed<T>(method, path, body, options)).data;
}

function parseDateHeader(value: string | null): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** Builds `path?a=1&b=2`, leaving out undefined values. */
export function withQuery(path: string, query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** The message to show a person for any caught value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.fields ? Object.entries(error.fields) : [];
    // A generic message plus field details reads better than the generic message alone.
    if (fields.length > 0 && !fields.some(([, text]) => error.message.includes(text))) {
      return `${error.message} ${fields.map(([field, text]) => `${field} ${text}`).join('; ')}`;
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export const http = {
  get: <T>(path: string) => request<T>('GET', path),
  getTimed: <T>(path: string) => requestTimed<T>('GET', path),
  post: <T>(path: string, body: unknown = {}, options?: RequestOptions) =>
    request<T>('POST', path, body, options),
  put: <T>(path: string, body: unknown = {}) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
