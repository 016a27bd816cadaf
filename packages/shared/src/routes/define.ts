import type { z } from 'zod';
import type { ErrorCode } from '../errors.js';
import { ENDPOINTS, type Endpoint, type EndpointId, type HttpMethod } from './endpoints.js';

/**
 * Who may call a route: `public` anyone; `user` a signed-in account (401 otherwise); `staff` a
 * moderator or admin with staff powers (401 anonymous, 403 others); `admin` an admin with staff powers.
 */
export type RouteAccess = 'public' | 'user' | 'staff' | 'admin';

export interface RouteResponse {
  description: string;
  /** The body's schema; none for an empty answer (204). */
  body?: z.ZodType;
  /** `application/json` unless said. */
  contentType?: string;
  /** Another media type the same answer can be asked for in (`text/csv`), described as text. */
  alsoAs?: string;
}

/** What a catalogue entry says besides its address (which comes from ENDPOINTS). */
export interface RouteDetails {
  /** The group the reference shows it under. */
  tag: 'Health' | 'Accounts' | 'Stories' | 'Comments' | 'Moderation' | 'Reference' | (string & {});
  summary: string;
  /** Longer notes (Markdown), when the summary is not enough. */
  description?: string;
  access: RouteAccess;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** A body that is a file, streamed as it is (not JSON, so no `body` schema): its media type. */
  upload?: { contentType: string; description: string };
  responses: Partial<Record<200 | 201 | 204 | 503, RouteResponse>>;
  /** The codes this route raises itself; `routeErrors` adds those implied by its kind. */
  errors: readonly ErrorCode[];
}

export interface RouteSpec extends Endpoint, RouteDetails {
  /** Unique, camelCase: the OpenAPI operationId, and the entry's key in ENDPOINTS and ROUTE. */
  operationId: string;
}

/** One area's entries, each keyed by its operationId and given its method and path from ENDPOINTS. */
export function defineRoutes<const T extends { [K in keyof T]: K extends EndpointId ? RouteDetails : never }>(
  details: T,
): { [K in keyof T & EndpointId]: (typeof ENDPOINTS)[K] & { operationId: K } & T[K] } {
  return Object.fromEntries(
    Object.entries<RouteDetails>(details).map(([id, route]) => [
      id,
      { ...ENDPOINTS[id as EndpointId], operationId: id, ...route },
    ]),
  ) as never;
}

const MUTATIONS: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every error code a route can answer with: its own, plus those every route of its kind gets —
 * request/invalid (it takes input), request/cross_site (a mutation: cookie requests from another
 * site), auth/unauthenticated and auth/forbidden (by access), server/internal and server/unavailable
 * (all). A code whose status the route documents as a success (health's 503) is left out.
 */
export function routeErrors(route: RouteSpec, statusOf: (code: ErrorCode) => number): ErrorCode[] {
  const codes = new Set<ErrorCode>();
  if (route.params || route.query || route.body || route.upload) codes.add('request/invalid');
  if (MUTATIONS.has(route.method)) codes.add('request/cross_site');
  if (route.access !== 'public') codes.add('auth/unauthenticated');
  if (route.access === 'staff' || route.access === 'admin') codes.add('auth/forbidden');
  for (const code of route.errors) codes.add(code);
  codes.add('server/internal');
  codes.add('server/unavailable');
  const successes = new Set(Object.keys(route.responses).map(Number));
  return [...codes].filter((code) => !successes.has(statusOf(code)));
}
