import type { ApiErrorBody, Me } from '@parley/shared';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON, the text of another type (the reference page), or undefined for an empty body. */
  body: T;
}

export interface RequestOptions {
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is, with a JSON content type (for malformed bodies). */
  raw?: string;
  /** Sent as is, as a file upload (`application/octet-stream`). */
  file?: Buffer;
  headers?: Record<string, string>;
  /** Overrides the Origin header; null sends none. Defaults to the app's own origin on mutations. */
  origin?: string | null;
}

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A browser-like HTTP client for one "person": it keeps the session cookie it is given and sends
 * the site's Origin on mutations, as a browser on the page would.
 */
export class ApiClient {
  /** `name=value` of the session cookie, or undefined when signed out. */
  cookie: string | undefined;
  /** The Origin sent on mutations when a request names none; the app's own origin when unset. */
  origin: string | undefined;

  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (this.cookie) headers.cookie = this.cookie;
    const origin =
      options.origin === undefined
        ? MUTATIONS.has(method)
          ? (this.origin ?? this.baseUrl)
          : null
        : options.origin;
    if (origin !== null) headers.origin = origin;
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (options.file !== undefined) {
      headers['content-type'] = 'application/octet-stream';
      body = Uint8Array.from(options.file);
    } else if (options.json !== undefined || options.raw !== undefined) {
      headers['content-type'] = 'application/json';
      body = options.raw ?? JSON.stringify(options.json);
    }
    const response = await fetch(new URL(path, this.baseUrl), { method, headers, body });
    this.keepCookie(response.headers);
    const text = await response.text();
    const json = /json/.test(response.headers.get('content-type') ?? 'application/json');
    return {
      status: response.status,
      headers: response.headers,
      body: (text ? (json ? JSON.parse(text) : text) : undefined) as T,
    };
  }

  get<T = unknown>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, options);
  }
  post<T = unknown>(path: string, json?: unknown, options?: RequestOptions) {
    return this.request<T>('POST', path, { ...options, json });
  }
  patch<T = unknown>(path: string, json?: unknown, options?: RequestOptions) {
    return this.request<T>('PATCH', path, { ...options, json });
  }
  put<T = unknown>(path: string, options?: RequestOptions) {
    return this.request<T>('PUT', path, options);
  }
  delete<T = unknown>(path: string, options?: RequestOptions) {
    return this.request<T>('DELETE', path, options);
  }

  /** Another client holding the same cookie (a second tab of the same session). */
  clone(): ApiClient {
    const copy = new ApiClient(this.baseUrl);
    copy.cookie = this.cookie;
    copy.origin = this.origin;
    return copy;
  }

  private keepCookie(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      if (name !== 'parley_session') continue;
      // clearCookie sends an empty value with an expiry in the past.
      this.cookie = value && !/expires=Thu, 01 Jan 1970/i.test(line) ? `${name}=${value}` : undefined;
    }
  }
}

/** Narrows an error response for assertions. */
export function errorOf(response: ApiResponse): ApiErrorBody {
  return response.body as ApiErrorBody;
}

export type { Me };
