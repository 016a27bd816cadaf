import { randomBytes } from 'node:crypto';
import type { CommentStatus } from '@parley/db';
import type { ErrorCode } from '@parley/shared';
import type { TestApp } from '../support/app.js';
import type { TestUser } from '../support/factories.js';
import { ApiClient, type ApiResponse } from '../support/http.js';
import type { RouteKey } from '../support/surface.js';

/** The matrix's people, outcomes and row shapes, shared by its row tables and its runner. */

export const ROLES = [
  'anonymous',
  'reader',
  'suspendedReader',
  'bannedReader',
  'moderator',
  'suspendedModerator',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** A cell's expected answer: a success status, or an error status with its catalogue code. */
export type Outcome = number | readonly [number, ErrorCode];
export type Cells = Record<Role, Outcome>;

export const UNAUTHENTICATED = [401, 'auth/unauthenticated'] as const;
export const FORBIDDEN = [403, 'auth/forbidden'] as const;
export const NOT_AUTHOR = [403, 'comment/not_author'] as const;
export const SUSPENDED = [403, 'comment/suspended'] as const;
export const NOT_FOUND = [404, 'comment/not_found'] as const;
export const NOT_A_PARTY = [403, 'dsa/not_a_party'] as const;

export function everyone(outcome: Outcome): Cells {
  return Object.fromEntries(ROLES.map((role) => [role, outcome])) as Cells;
}
/** Signed-in people get `outcome`; anonymous and banned (whose session the ban ended) get 401. */
export function signedIn(outcome: Outcome, overrides: Partial<Cells> = {}): Cells {
  return {
    ...everyone(outcome),
    anonymous: UNAUTHENTICATED,
    bannedReader: UNAUTHENTICATED,
    ...overrides,
  };
}
export const STAFF_ONLY: Cells = signedIn(200, {
  reader: FORBIDDEN,
  suspendedReader: FORBIDDEN,
  suspendedModerator: FORBIDDEN,
});
export const ADMIN_ONLY: Cells = { ...STAFF_ONLY, moderator: FORBIDDEN };

export interface Actor {
  role: Role;
  client: ApiClient;
  /** The account behind the client; undefined for anonymous. */
  user?: TestUser;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** A file upload's bytes, sent instead of a JSON body. */
  file?: Buffer;
  /** Extra headers (forged X-Forwarded-Host and the like). */
  headers?: Record<string, string>;
}

/** What a row's request builder may use; everything it makes is for its one cell. */
export interface Cell {
  actor: Actor;
  app: TestApp;
  /** A reader other than the actor: the author of "someone else's" comments. */
  other: TestUser;
  slug: string;
  storyId: string;
  /** A comment straight in the database (so suspended and banned actors can own one too). */
  comment(options?: { author?: 'actor' | 'other'; status?: CommentStatus }): Promise<string>;
}

export interface HttpRow {
  route: RouteKey;
  /** When a route has several rows: what distinguishes this one. */
  scenario?: string;
  request(cell: Cell): Promise<HttpRequest> | HttpRequest;
  expect: Cells;
}

export function rowName(row: HttpRow): string {
  return row.scenario ? `${row.route} (${row.scenario})` : row.route;
}

export const since = () => new Date(Date.now() - 60_000).toISOString();

/** The matrix's app has single sign-on on, so its SSO route answers as it would on a site using it. */
export const SSO_SECRET = `matrix-${randomBytes(24).toString('hex')}`;
/** The site that embeds the comments (PARLEY_ORIGINS): story URLs are on it. */
export const HOST_SITE = 'https://news.example.org';

/** A socket cell's expected acknowledgement: ok, or the error code. */
export type AckOutcome = 'ok' | ErrorCode;
export interface SocketRow {
  payload(cell: Cell): unknown;
  expect: Record<Role, AckOutcome>;
}

export function everyoneAck(outcome: AckOutcome): Record<Role, AckOutcome> {
  return Object.fromEntries(ROLES.map((role) => [role, outcome])) as Record<Role, AckOutcome>;
}

export function describeOutcome(outcome: Outcome): string {
  return typeof outcome === 'number' ? String(outcome) : `${outcome[0]} ${outcome[1]}`;
}

/** The answer as the matrix states it: the status, with the error code for 4xx/5xx. */
export function outcomeOf(response: ApiResponse): Outcome {
  if (response.status < 400) return response.status;
  const code = (response.body as { code?: ErrorCode } | undefined)?.code;
  return [response.status, code ?? ('(no code)' as ErrorCode)];
}
