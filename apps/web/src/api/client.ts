import type { EndpointRequest, EndpointResponse } from '@parley/shared';
import { ENDPOINTS, type EndpointId } from '@parley/shared/values';
import { requestTimed, type RequestOptions, type Timed } from './http.js';

type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

/** `/api/comments/:id` with `{ id }` → `/api/comments/<id, encoded>`. */
export function fillPath(template: string, params: Record<string, unknown> = {}): string {
  return template.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(params[name])));
}

/** `?a=1&b=2`, leaving out undefined and null values; an array repeats its key. */
export function queryString(query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const one of Array.isArray(value) ? value : [value]) params.append(key, String(one));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Calls one endpoint of the route catalogue: method and path from `@parley/shared/values`, request and
 * answer typed by its catalogue entry, so no path is written by hand and no answer is cast. POST and
 * PUT without a body send `{}`, as the API expects JSON on a mutation.
 */
export function callTimed<K extends EndpointId>(
  id: K,
  input: EndpointRequest<K>,
  options?: RequestOptions,
): Promise<Timed<EndpointResponse<K>>> {
  const { method, path } = ENDPOINTS[id];
  const { params, query, body } = input as { params?: object; query?: object; body?: unknown };
  const url =
    fillPath(path, params as Record<string, unknown>) + queryString(query as Record<string, QueryValue>);
  const sent = body ?? (method === 'POST' || method === 'PUT' ? {} : undefined);
  return requestTimed<EndpointResponse<K>>(method, url, sent, options);
}

export async function call<K extends EndpointId>(
  id: K,
  input: EndpointRequest<K>,
  options?: RequestOptions,
): Promise<EndpointResponse<K>> {
  return (await callTimed(id, input, options)).data;
}
