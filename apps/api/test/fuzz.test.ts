import { randomUUID } from 'node:crypto';
import { ERRORS, QUEUES, type Ack } from '@parley/shared';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS, setupTable, startApp, type TestApp } from './support/app.js';
import {
  createArticle,
  createUser,
  postComment,
  setPostInterval,
  uniqueBody,
  uniqueName,
  type TestUser,
} from './support/factories.js';
import { closeAllSockets, connectSocket, type ClientSocket } from './support/sockets.js';
import {
  registeredRoutes,
  subscribedSocketEvents,
  type RouteKey,
  type SocketEvent,
} from './support/surface.js';

/**
 * Issue 9's fuzzing: every route and socket event of the running app, fed hostile strings, wrong
 * types, deep nesting, extra and missing keys in bodies, query strings and path params. Whatever
 * arrives, the answer is a 2xx/3xx or a 4xx with a catalogue code, never a 5xx, and the app
 * keeps answering. Deterministic: a fixed seed (FUZZ_SEED to replay another, FUZZ_RUNS for more
 * runs); fast-check prints the seed and the shrunk input of a failure.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 90_009);
const RUNS = Number(process.env.FUZZ_RUNS ?? 15);
/** Cap per property, so a slow machine shortens the run instead of timing the file out. */
const PROPERTY_TIME_LIMIT_MS = 8000;

/** Characters issue 9 wants refused with a 400 in every text field a person sends. */
const TEXT_CLASSES = {
  nul: 'a\u0000b',
  /** C0 controls other than tab and line breaks, which comment bodies need. */
  control: 'a\u0007\u001bb',
  'lone surrogate': 'a\ud800b',
} as const;
type TextClass = keyof typeof TEXT_CLASSES;

/**
 * Text fields × classes whose CORRECT answer (400 request/invalid) today's code does not give
 * (issue 9). Each runs as `it.fails`: when a fix lands it turns red and must be removed here. While
 * listed, the route's random properties below leave that class of character out of their inputs
 * (they would fail on it first and hide everything else), and take it back when the entry goes.
 */
const KNOWN_GAPS: readonly string[] = [];

/** What the app answered, kept raw: a non-JSON error page must fail the contract, not the test client. */
interface Answer {
  status: number;
  text: string;
}

type ActorKind = 'anonymous' | 'reader' | 'moderator' | 'admin' | 'fresh reader';

interface Fixtures {
  slug: string;
  /** An article for the moderation routes to change, so readers' posts keep their open article. */
  moderatedSlug: string;
  /** Published comments by someone other than the reader. */
  commentIds: string[];
  /** The reader's own comments. */
  ownCommentIds: string[];
  /** Readers for the user actions (never one of the actors). */
  userIds: string[];
  /** A real cursor of the article's thread. */
  cursor: string;
  /** A valid SSO token (no jti, so it may be used again). */
  ssoToken: string;
  /** Stories for the admin story routes (merges delete some). */
  storyIds: string[];
  /** The app's own origin: resolve may create stories there (no PARLEY_ORIGINS in this suite). */
  origin: string;
  /** Inactive webhooks (their receiver is a closed port) for the admin webhook routes. */
  webhookIds: string[];
  /** Readers an admin may delete (never one of the actors, nor the user actions' targets). */
  deletableUserIds: string[];
}

/** The fuzzed app has single sign-on on, so its SSO route verifies what it is sent. */
const SSO_SECRET = `fuzz-${randomUUID()}`;

type Json = unknown;
interface FuzzRoute {
  as: ActorKind;
  /** Valid values of each path parameter. */
  params?: Record<string, (f: Fixtures) => string[]>;
  /** A valid query, whose values the fuzzer keeps, drops, replaces, and adds to. */
  query?: (f: Fixtures) => Record<string, string>;
  /** A valid body, likewise. */
  body?: (f: Fixtures) => Json;
}

const article = { slug: (f: Fixtures) => [f.slug] };
const comment = { id: (f: Fixtures) => f.commentIds };
const ownComment = { id: (f: Fixtures) => f.ownCommentIds };
const user = { id: (f: Fixtures) => f.userIds };
const like = { ...comment, kind: () => ['like'] };
const webhook = { id: (f: Fixtures) => f.webhookIds };
const story = { id: (f: Fixtures) => f.storyIds };

const FUZZ_ROUTES: Record<RouteKey, FuzzRoute> = {
  'GET /api/health': { as: 'anonymous' },
  'POST /api/auth/register': {
    as: 'anonymous',
    body: () => ({ username: 'fuzz_user', password: 'a-password-1', displayName: 'Fuzz' }),
  },
  'POST /api/auth/login': {
    as: 'anonymous',
    body: () => ({ username: 'fuzz_user', password: 'a-password-1' }),
  },
  'POST /api/auth/logout': { as: 'fresh reader' },
  'GET /api/auth/me': { as: 'reader' },
  'GET /api/auth/options': { as: 'anonymous' },
  'POST /api/auth/sso': { as: 'anonymous', body: (f) => ({ token: f.ssoToken }) },
  'GET /api/articles/:slug': { as: 'reader', params: article },
  'GET /api/articles/:slug/comments': {
    as: 'reader',
    params: article,
    query: (f) => ({ sort: 'top', limit: '5', cursor: f.cursor }),
  },
  'GET /api/articles/:slug/comments/changes': {
    as: 'reader',
    params: article,
    query: () => ({ since: new Date(Date.now() - 60_000).toISOString() }),
  },
  'POST /api/articles/:slug/comments': {
    as: 'reader',
    params: article,
    body: (f) => ({ body: 'A fuzzed comment', parentId: f.commentIds[0], clientId: randomUUID() }),
  },
  'GET /api/comments/:id': { as: 'reader', params: comment },
  'GET /api/comments/:id/replies': { as: 'reader', params: comment, query: () => ({ limit: '5' }) },
  'PATCH /api/comments/:id': { as: 'reader', params: ownComment, body: () => ({ body: 'An edit' }) },
  'DELETE /api/comments/:id': { as: 'reader', params: ownComment },
  'PUT /api/comments/:id/reactions/:kind': { as: 'reader', params: like },
  'DELETE /api/comments/:id/reactions/:kind': { as: 'reader', params: like },
  'POST /api/comments/:id/reports': {
    as: 'reader',
    params: comment,
    body: () => ({ reason: 'spam', note: 'A note' }),
  },
  'GET /api/moderation/queues/:queue': {
    as: 'moderator',
    params: { queue: () => [...QUEUES] },
    query: (f) => ({ article: f.slug, limit: '5' }),
  },
  'GET /api/moderation/counts': { as: 'moderator', query: (f) => ({ article: f.slug }) },
  'POST /api/moderation/comments/:id/approve': {
    as: 'moderator',
    params: comment,
    body: () => ({ override: true }),
  },
  'POST /api/moderation/comments/:id/reject': {
    as: 'moderator',
    params: comment,
    body: () => ({ reason: 'spam', override: true }),
  },
  'POST /api/moderation/comments/:id/feature': { as: 'moderator', params: comment },
  'POST /api/moderation/comments/:id/unfeature': { as: 'moderator', params: comment },
  'POST /api/moderation/users/:id/suspend': { as: 'moderator', params: user, body: () => ({ hours: 1 }) },
  'POST /api/moderation/users/:id/ban': {
    as: 'moderator',
    params: user,
    body: () => ({ reason: 'Fuzz', rejectExisting: true }),
  },
  'POST /api/moderation/users/:id/unban': { as: 'moderator', params: user },
  'POST /api/moderation/users/:id/premod': { as: 'moderator', params: user, body: () => ({ on: true }) },
  'POST /api/moderation/users/:id/role': { as: 'admin', params: user, body: () => ({ role: 'reader' }) },
  'PATCH /api/moderation/articles/:slug': {
    as: 'moderator',
    params: { slug: (f) => [f.moderatedSlug] },
    body: () => ({ commentsOpen: true, premod: 'links' }),
  },
  'GET /api/moderation/word-lists': { as: 'moderator' },
  'PUT /api/moderation/word-lists': {
    as: 'moderator',
    body: () => ({ banned: ['fuzzword'], suspect: ['maybe so'] }),
  },
  'GET /api/moderation/log': { as: 'moderator', query: () => ({ limit: '5' }) },
  'POST /api/stories/resolve': {
    as: 'anonymous',
    body: (f) => ({ id: 'cms-fuzz', url: `${f.origin}/fuzz/story`, title: '  A fuzzed  story ' }),
  },
  'GET /api/stories/default': { as: 'anonymous' },
  'GET /api/stories/counts': {
    as: 'anonymous',
    query: (f) => ({ url: `${f.origin}/fuzz/story`, id: 'cms-fuzz' }),
  },
  'GET /api/moderation/stories': { as: 'moderator', query: () => ({ search: 'fuzz', limit: '5' }) },
  'POST /api/moderation/stories': {
    as: 'admin',
    body: () => ({ title: 'An admin story', externalId: 'cms-admin-fuzz', premod: 'links' }),
  },
  'PATCH /api/moderation/stories/:id': {
    as: 'admin',
    params: story,
    body: () => ({ title: 'Renamed', commentsOpen: true, premod: 'off', externalId: null }),
  },
  'POST /api/moderation/stories/:id/merge': {
    as: 'admin',
    params: story,
    body: (f) => ({ into: f.storyIds[0] }),
  },
  'GET /api/openapi.json': { as: 'anonymous' },
  'GET /api/docs': { as: 'anonymous' },
  'PATCH /api/auth/me': { as: 'reader', body: () => ({ displayName: 'Fuzz Name' }) },
  'GET /api/auth/verify-email': { as: 'anonymous', query: () => ({ token: 'x'.repeat(43) }) },
  'GET /api/me/notifications': { as: 'reader', query: () => ({ limit: '5' }) },
  'POST /api/me/notifications/read': { as: 'reader', body: () => ({ all: true }) },
  'GET /api/me/notifications/settings': { as: 'reader' },
  'PUT /api/me/notifications/settings': {
    as: 'reader',
    body: () => ({
      reply: 'in_app',
      staffReply: 'in_app',
      decision: 'off',
      delivery: 'daily',
      digestHour: 7,
    }),
  },
  'GET /api/unsubscribe': { as: 'anonymous', query: () => ({ token: 'x'.repeat(43) }) },
  'POST /api/unsubscribe': { as: 'anonymous', query: () => ({ token: 'x'.repeat(43) }) },
  'GET /api/me/export': { as: 'reader' },
  // A fresh reader each time, confirming with a password that is not theirs: refused, never a 500.
  'DELETE /api/me': { as: 'fresh reader', body: () => ({ password: 'not-the-password' }) },
  'DELETE /api/moderation/users/:id': { as: 'admin', params: { id: (f) => f.deletableUserIds } },
  'GET /api/moderation/outbox': { as: 'admin', query: () => ({ status: 'failed', limit: '5' }) },
  'POST /api/moderation/outbox/:id/retry': { as: 'admin', params: { id: () => [randomUUID()] } },
  'GET /api/moderation/webhooks': { as: 'admin' },
  'POST /api/moderation/webhooks': {
    as: 'admin',
    body: () => ({ url: 'http://127.0.0.1:9/hook', events: ['story.created'], active: false }),
  },
  'PATCH /api/moderation/webhooks/:id': {
    as: 'admin',
    params: webhook,
    body: () => ({ events: ['user.banned'], active: false }),
  },
  'DELETE /api/moderation/webhooks/:id': { as: 'admin', params: webhook },
  'GET /api/moderation/webhooks/:id/deliveries': { as: 'admin', params: webhook },
};

/** The text fields people fill in, each with a valid request that puts `value` in that field. */
interface TextField {
  route: RouteKey;
  field: string;
  as: ActorKind;
  send(value: string, f: Fixtures, sendAs: Sender): Promise<Answer>;
}
type Sender = (method: string, path: string, body?: Json) => Promise<Answer>;

const TEXT_FIELDS: TextField[] = [
  {
    route: 'POST /api/articles/:slug/comments',
    field: 'body',
    as: 'reader',
    send: (value, f, send) =>
      send('POST', `/api/articles/${f.slug}/comments`, { body: `${uniqueBody()} ${value}` }),
  },
  {
    route: 'PATCH /api/comments/:id',
    field: 'body',
    as: 'reader',
    send: (value, f, send) =>
      send('PATCH', `/api/comments/${f.ownCommentIds[0]}`, { body: `Edited ${value}` }),
  },
  {
    route: 'POST /api/comments/:id/reports',
    field: 'note',
    as: 'fresh reader',
    send: (value, f, send) =>
      send('POST', `/api/comments/${f.commentIds[0]}/reports`, { reason: 'other', note: `Note ${value}` }),
  },
  {
    route: 'POST /api/auth/register',
    field: 'username',
    as: 'anonymous',
    send: (value, _f, send) =>
      send('POST', '/api/auth/register', { username: `${uniqueName()}${value}`, password: 'a-password-1' }),
  },
  {
    route: 'POST /api/auth/register',
    field: 'displayName',
    as: 'anonymous',
    send: (value, _f, send) =>
      send('POST', '/api/auth/register', {
        username: uniqueName(),
        password: 'a-password-1',
        displayName: `Name ${value}`,
      }),
  },
  {
    route: 'POST /api/auth/login',
    field: 'username',
    as: 'anonymous',
    send: (value, _f, send) =>
      send('POST', '/api/auth/login', { username: `fuzz_user${value}`, password: 'x' }),
  },
  {
    route: 'POST /api/moderation/users/:id/ban',
    field: 'reason',
    as: 'moderator',
    send: (value, f, send) =>
      send('POST', `/api/moderation/users/${f.userIds[0]}/ban`, { reason: `Reason ${value}` }),
  },
  {
    route: 'PUT /api/moderation/word-lists',
    field: 'banned',
    as: 'moderator',
    send: (value, _f, send) =>
      send('PUT', '/api/moderation/word-lists', { banned: [`word${value}`], suspect: [] }),
  },
  {
    route: 'PUT /api/moderation/word-lists',
    field: 'suspect',
    as: 'moderator',
    send: (value, _f, send) =>
      send('PUT', '/api/moderation/word-lists', { banned: [], suspect: [`word${value}`] }),
  },
  {
    route: 'GET /api/articles/:slug/comments',
    field: 'cursor',
    as: 'reader',
    send: (value, f, send) =>
      send('GET', `/api/articles/${f.slug}/comments?cursor=${encodeLoosely(f.cursor + value)}`),
  },
  {
    route: 'POST /api/stories/resolve',
    field: 'title',
    as: 'anonymous',
    send: (value, f, send) =>
      send('POST', '/api/stories/resolve', {
        url: `${f.origin}/fuzz/${randomUUID()}`,
        title: `Title ${value}`,
      }),
  },
  {
    route: 'POST /api/stories/resolve',
    field: 'id',
    as: 'anonymous',
    send: (value, f, send) =>
      send('POST', '/api/stories/resolve', { url: `${f.origin}/fuzz/${randomUUID()}`, id: `cms-${value}` }),
  },
  // The query-string text of the story routes (counts `id`, list `search`) is not listed: a lone
  // surrogate cannot travel in a URL (it arrives as U+FFFD), so the cell would test the parser.
  {
    route: 'POST /api/moderation/stories',
    field: 'title',
    as: 'admin',
    send: (value, _f, send) => send('POST', '/api/moderation/stories', { title: `Title ${value}` }),
  },
  {
    route: 'PATCH /api/moderation/stories/:id',
    field: 'externalId',
    as: 'admin',
    send: (value, f, send) =>
      send('PATCH', `/api/moderation/stories/${f.storyIds.at(-1)}`, { externalId: `cms-${value}` }),
  },
  {
    route: 'GET /api/articles/:slug',
    field: 'slug',
    as: 'reader',
    send: (value, f, send) => send('GET', `/api/articles/${encodeLoosely(f.slug + value)}`),
  },
];

function gapKey(field: TextField, textClass: TextClass): string {
  return `${field.route} ${field.field} × ${textClass}`;
}

/** Classes of character a route's random inputs leave out while that route has a known gap. */
function gapClassesOf(route: RouteKey): TextClass[] {
  return (Object.keys(TEXT_CLASSES) as TextClass[]).filter((textClass) =>
    TEXT_FIELDS.some((field) => field.route === route && KNOWN_GAPS.includes(gapKey(field, textClass))),
  );
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Control characters (C0 but tab, LF, CR; and DEL) and unpaired surrogates.
const CONTROL = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
function withoutClasses(value: string, classes: TextClass[]): string {
  let result = value;
  if (classes.includes('nul')) result = result.replaceAll('\u0000', '');
  if (classes.includes('control')) result = result.replace(CONTROL, '');
  if (classes.includes('lone surrogate')) result = result.replace(LONE_SURROGATE, '\ufffd');
  return result;
}
function deepWithout(value: unknown, classes: TextClass[]): unknown {
  if (classes.length === 0) return value;
  if (typeof value === 'string') return withoutClasses(value, classes);
  if (Array.isArray(value)) return value.map((item) => deepWithout(item, classes));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [withoutClasses(key, classes), deepWithout(item, classes)]),
    );
  }
  return value;
}

/**
 * Percent-encodes as a browser would, except that a lone surrogate (which encodeURIComponent
 * refuses) goes out as its three bytes: invalid UTF-8, as a hostile client can send it.
 */
function encodeLoosely(value: string): string {
  return (value.match(/[\ud800-\udbff][\udc00-\udfff]|[\s\S]/g) ?? [])
    .map((unit) => {
      const code = unit.charCodeAt(0);
      if (unit.length === 1 && code >= 0xd800 && code <= 0xdfff) {
        return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
          .map((byte) => `%${byte.toString(16).toUpperCase()}`)
          .join('');
      }
      return encodeURIComponent(unit);
    })
    .join('');
}

// ---- Arbitraries ---------------------------------------------------------------------------

const HOSTILE_UNITS = [
  '\u0000', '\u0001', '\u0007', '\u001b', '\u001f', '\u007f', '\u0085',
  '\ud800', '\udbff', '\udc00', '\udfff',
  '\u202e', '\u202d', '\u2066', '\u2069', '\u200b', '\u200f', '\ufeff', '\ufffe', '\uffff', '\u2028',
  '\n', '\r', '\t', ' ', '"', "'", '\\', '/', '%', '?', '#', '&', '=', '+', '<', '>', '{', '}', '$',
  '😀', '👩‍👩‍👧', 'e\u0301', 'ß', 'İ', 'ﷺ',
]; // prettier-ignore
const SPECIAL_STRINGS = [
  '', ' ', 'null', 'undefined', 'NaN', '-1', '0', '1e309', '0x10', 'true', '[]', '{}',
  '__proto__', 'constructor', '../../etc/passwd', '%00', '%ZZ', '<script>alert(1)</script>',
  "' OR 1=1 --", '\u202egnp.exe', '00000000-0000-0000-0000-000000000000',
]; // prettier-ignore

const hostileUnit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_UNITS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
/** Short hostile text, safe for any place including a URL. */
const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: hostileUnit, maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 1, arbitrary: fc.constantFrom(100, 1000).map((n) => '\u202eA\u0000'.repeat(n)) },
);
const MEGABYTE = 'x\u202e\u0000\ud800'.repeat(256 * 1024);
/** Text for bodies: the above, plus 1 MB. */
const bodyString = fc.oneof(
  { weight: 20, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constant(MEGABYTE) },
);

const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, -1, 1.5, 2 ** 53, -(2 ** 63), Number.MAX_VALUE, 1e-320),
);
const extraKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'role', 'status', 'isAdmin', 'authorId', 'id'),
  hostileString,
);
/** Any JSON value, shallow or nested. */
const anyJson: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    hostileNumber,
    bodyString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(extraKey, tie('value'), { maxKeys: 4 }),
  ),
})).value;
/**
 * JSON nested thousands deep (`[[[…]]]` or `{"a":{"a":…}}`), as text: fast-check itself overflows
 * the stack on values this deep, and the server parses text anyway. 30,000 stays under the 64 KB body limit.
 */
const deeplyNested = fc
  .tuple(fc.constantFrom(100, 5000, 30_000), fc.boolean())
  .map(([depth, arrays]) =>
    arrays
      ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
      : `${'{"a":'.repeat(depth / 5)}1${'}'.repeat(depth / 5)}`,
  );

/** A valid example with each part kept, dropped, retyped or made hostile, and keys added. */
function mutated(example: Json): fc.Arbitrary<Json> {
  if (Array.isArray(example)) {
    return fc.oneof(fc.array(example.length > 0 ? mutated(example[0]) : anyJson, { maxLength: 5 }), anyJson);
  }
  if (example !== null && typeof example === 'object') {
    const entries = Object.entries(example);
    const absent = Symbol('absent');
    return fc
      .tuple(
        fc.tuple(
          ...entries.map(([, value]) =>
            fc.oneof(
              { weight: 3, arbitrary: fc.constant(value) },
              { weight: 1, arbitrary: fc.constant<unknown>(absent) },
              { weight: 2, arbitrary: mutated(value) },
            ),
          ),
        ),
        fc.dictionary(extraKey, anyJson, { maxKeys: 2 }),
      )
      .map(([values, extra]) => {
        const result: Record<string, unknown> = { ...extra };
        entries.forEach(([key], index) => {
          if (values[index] !== absent) result[key] = values[index];
          else delete result[key];
        });
        return result;
      });
  }
  if (typeof example === 'string') return fc.oneof(fc.constant(example), bodyString, anyJson);
  return fc.oneof(fc.constant(example), anyJson);
}

/** A query string: the example's keys kept, dropped, repeated or made hostile, and keys added. */
function queryOf(example: Record<string, string>): fc.Arbitrary<[string, string][]> {
  const value = (valid?: string) =>
    fc.oneof(
      ...(valid === undefined ? [] : [{ weight: 3, arbitrary: fc.constant(valid) }]),
      { weight: 2, arbitrary: hostileString },
      { weight: 1, arbitrary: hostileNumber.map(String) },
    );
  return fc
    .tuple(
      fc.tuple(
        ...Object.entries(example).map(([key, valid]) =>
          fc.oneof(
            { weight: 3, arbitrary: value(valid).map((item) => [[key, item]] as [string, string][]) },
            { weight: 1, arbitrary: fc.constant<[string, string][]>([]) },
            // key=a&key=b arrives as an array
            {
              weight: 1,
              arbitrary: fc
                .array(value(valid), { minLength: 2, maxLength: 3 })
                .map((items) => items.map((item) => [key, item] as [string, string])),
            },
            // key[a]=b, for parsers that nest
            { weight: 1, arbitrary: value(valid).map((item) => [[`${key}[x]`, item]] as [string, string][]) },
          ),
        ),
      ),
      fc.array(fc.tuple(extraKey, value()), { maxLength: 2 }),
    )
    .map(([kept, extra]) => [...kept.flat(), ...extra]);
}

type BodyInput = { kind: 'none' } | { kind: 'json'; value: Json } | { kind: 'raw'; text: string };
function bodyOf(example: Json | undefined): fc.Arbitrary<BodyInput> {
  const json = (arbitrary: fc.Arbitrary<Json>) =>
    arbitrary.map((value): BodyInput => ({ kind: 'json', value }));
  return fc.oneof(
    ...(example === undefined ? [] : [{ weight: 6, arbitrary: json(mutated(example)) }]),
    { weight: 1, arbitrary: fc.constant<BodyInput>({ kind: 'none' }) },
    { weight: 2, arbitrary: json(anyJson) },
    { weight: 1, arbitrary: deeplyNested.map((text): BodyInput => ({ kind: 'raw', text })) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.constantFrom('{', '{"body":', '[1,]', 'nul', '{"a":1}}', '\u0000', '{"__proto__":{"x":1}}'),
          hostileString,
        )
        .map((text): BodyInput => ({ kind: 'raw', text })),
    },
  );
}

// ---- The contract ------------------------------------------------------------------------

/** What every answer must be: under 500, and an error only with a catalogue code. */
function expectContractAnswer(answer: Answer, what: string): void {
  expect(answer.status, `${what} → ${answer.status} ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  if (answer.status < 400) return;
  let code: unknown;
  try {
    code = (JSON.parse(answer.text) as { code?: unknown }).code;
  } catch {
    code = undefined;
  }
  expect(Object.keys(ERRORS), `${what} → ${answer.status} ${answer.text.slice(0, 300)}`).toContain(code);
}

function expectContractAck(ack: Ack<unknown>, what: string): void {
  if (ack.ok) return;
  const code = ack.error?.code;
  expect(Object.keys(ERRORS), `${what} → ${JSON.stringify(ack).slice(0, 300)}`).toContain(code);
  expect(ERRORS[code].status, `${what} → ${code}`).toBeLessThan(500);
}

const propertyOptions = (numRuns: number) => ({
  seed: SEED,
  numRuns,
  interruptAfterTimeLimit: PROPERTY_TIME_LIMIT_MS,
  markInterruptAsFailure: false,
});

describe.each(setupTable())(`fuzz (seed ${SEED}) over %s`, (_label, { engine, redis }) => {
  let app: TestApp;
  let fixtures: Fixtures;
  const actors = {} as Record<'reader' | 'moderator' | 'admin', TestUser>;

  /** Sends as the given kind of person, with the site's Origin, and keeps the raw answer. */
  async function sendAs(as: ActorKind, method: string, path: string, body?: BodyInput): Promise<Answer> {
    const cookie =
      as === 'anonymous'
        ? undefined
        : as === 'fresh reader'
          ? (await createUser(app)).client.cookie
          : actors[as].client.cookie;
    const headers: Record<string, string> = { accept: 'application/json', origin: app.baseUrl };
    if (cookie) headers.cookie = cookie;
    let payload: string | undefined;
    if (body && body.kind !== 'none') {
      headers['content-type'] = 'application/json';
      payload = body.kind === 'raw' ? body.text : JSON.stringify(body.value);
    }
    const response = await fetch(`${app.baseUrl}${path}`, { method, headers, body: payload });
    return { status: response.status, text: await response.text() };
  }

  beforeAll(async () => {
    app = await startApp({ engine, redis, env: { PARLEY_SSO_SECRET: SSO_SECRET } });
    // Valid posts then reach the pipeline every run rather than stopping at the posting interval.
    await setPostInterval(app, 0);
    const [reader, moderator, admin, author] = await Promise.all([
      createUser(app),
      createUser(app, { role: 'moderator' }),
      createUser(app, { role: 'admin' }),
      createUser(app),
    ]);
    Object.assign(actors, { reader, moderator, admin });
    const { slug } = await createArticle(app.db);
    const moderatedSlug = (await createArticle(app.db)).slug;
    const commentIds: string[] = [];
    for (let i = 0; i < 4; i++) commentIds.push((await postComment(author.client, slug)).id);
    const ownCommentIds: string[] = [];
    for (let i = 0; i < 4; i++) ownCommentIds.push((await postComment(reader.client, slug)).id);
    const userIds = (await Promise.all([1, 2, 3, 4].map(() => createUser(app)))).map(
      (target) => target.me.id,
    );
    const page = await reader.client.get<{ nextCursor: string }>(`/api/articles/${slug}/comments?limit=1`);
    const ssoToken = await new SignJWT({ username: 'fuzz_sso' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('fuzz-host-user')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SSO_SECRET));
    const storyIds: string[] = [];
    for (let i = 0; i < 6; i++) storyIds.push((await createArticle(app.db)).id);
    fixtures = {
      slug,
      moderatedSlug,
      commentIds,
      ownCommentIds,
      userIds,
      cursor: page.body.nextCursor,
      ssoToken,
      storyIds,
      origin: app.baseUrl,
      webhookIds: [],
      deletableUserIds: (await Promise.all([1, 2, 3].map(() => createUser(app)))).map(
        (target) => target.me.id,
      ),
    };
    for (let i = 0; i < 3; i++) {
      const created = await sendAs('admin', 'POST', '/api/moderation/webhooks', {
        kind: 'json',
        value: { url: 'http://127.0.0.1:9/hook', events: ['user.banned'], active: false },
      });
      fixtures.webhookIds.push((JSON.parse(created.text) as { id: string }).id);
    }
    // The account the auth routes' valid examples sign in as.
    await sendAs('anonymous', 'POST', '/api/auth/register', {
      kind: 'json',
      value: { username: 'fuzz_user', password: 'a-password-1' },
    });
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    closeAllSockets();
    await app?.close();
  });

  it('fuzzes exactly the routes the running app registered', () => {
    expect(Object.keys(FUZZ_ROUTES).sort()).toEqual(registeredRoutes(app));
  });

  it('lists only real cells as known gaps', () => {
    const cells = TEXT_FIELDS.flatMap((field) =>
      (Object.keys(TEXT_CLASSES) as TextClass[]).map((textClass) => gapKey(field, textClass)),
    );
    expect(KNOWN_GAPS.filter((gap) => !cells.includes(gap))).toEqual([]);
  });

  describe('text fields refuse NUL, control characters and lone surrogates with 400', () => {
    for (const field of TEXT_FIELDS) {
      for (const textClass of Object.keys(TEXT_CLASSES) as TextClass[]) {
        const name = gapKey(field, textClass);
        const test = KNOWN_GAPS.includes(name) ? it.fails : it;
        test(name, async () => {
          const send: Sender = (method, path, body) =>
            sendAs(field.as, method, path, body === undefined ? undefined : { kind: 'json', value: body });

          const answer = await field.send(TEXT_CLASSES[textClass], fixtures, send);

          expect([answer.status, answer.text.slice(0, 200)]).toEqual([
            400,
            expect.stringContaining('"code":"request/invalid"'),
          ]);
        });
      }
    }
  });

  describe('routes answer anything with a 2xx or a catalogued 4xx', () => {
    for (const [route, spec] of Object.entries(FUZZ_ROUTES) as [RouteKey, FuzzRoute][]) {
      it(route, async () => {
        const [method, pattern] = route.split(' ') as [string, string];
        const names = [...pattern.matchAll(/:(\w+)/g)].map((match) => match[1]!);
        const params = fc.tuple(
          ...names.map((name) =>
            fc.oneof(
              { weight: 2, arbitrary: fc.constantFrom(...(spec.params?.[name]?.(fixtures) ?? ['x'])) },
              { weight: 1, arbitrary: fc.uuid() },
              { weight: 2, arbitrary: hostileString },
            ),
          ),
        );
        const input = fc.record({
          params,
          query: queryOf(spec.query?.(fixtures) ?? {}),
          body: method === 'GET' ? fc.constant<BodyInput>({ kind: 'none' }) : bodyOf(spec.body?.(fixtures)),
        });
        const gaps = gapClassesOf(route);

        await fc.assert(
          fc.asyncProperty(input, async ({ params: values, query, body }) => {
            let index = 0;
            const path = pattern.replace(/:(\w+)/g, () =>
              encodeLoosely(withoutClasses(values[index++]!, gaps)),
            );
            const search = query
              .map(
                ([key, value]) =>
                  `${encodeLoosely(withoutClasses(key, gaps))}=${encodeLoosely(withoutClasses(value, gaps))}`,
              )
              .join('&');
            const cleanBody: BodyInput =
              body.kind === 'json'
                ? { kind: 'json', value: deepWithout(body.value, gaps) }
                : body.kind === 'raw'
                  ? { kind: 'raw', text: withoutClasses(body.text, gaps) }
                  : body;
            const url = search ? `${path}?${search}` : path;

            const answer = await sendAs(spec.as, method, url, cleanBody);

            expectContractAnswer(answer, `${method} ${url.slice(0, 200)}`);
          }),
          propertyOptions(RUNS),
        );
      });
    }
  });

  describe('socket events acknowledge anything with ok or a catalogued error', () => {
    const SOCKET_EXAMPLES = {
      'article:join': (f: Fixtures) => ({ slug: f.slug }),
      'article:leave': (f: Fixtures) => ({ slug: f.slug }),
      'moderation:join': () => ({}),
    } satisfies Record<SocketEvent, (f: Fixtures) => Json>;

    it('fuzzes exactly the events the gateway subscribes to', () => {
      expect(Object.keys(SOCKET_EXAMPLES).sort()).toEqual(subscribedSocketEvents(app));
    });

    for (const [event, example] of Object.entries(SOCKET_EXAMPLES) as [
      SocketEvent,
      (f: Fixtures) => Json,
    ][]) {
      for (const as of ['reader', 'moderator'] as const) {
        it(`${event} as a ${as}`, async () => {
          const socket: ClientSocket = await connectSocket(app.baseUrl, { cookie: actors[as].client.cookie });
          // Socket messages stay under socket.io's 1 MB frame limit, past which it closes the connection by design.
          const payload = fc.oneof(
            { weight: 4, arbitrary: mutated(example(fixtures)) },
            { weight: 2, arbitrary: anyJson },
            { weight: 1, arbitrary: fc.constant(undefined) },
          );

          await fc.assert(
            fc.asyncProperty(payload, async (value) => {
              if (JSON.stringify(value ?? null).length > 500_000) return;
              const ack = (await socket
                .timeout(5000)
                .emitWithAck(event as 'moderation:join', value as never)) as Ack<unknown>;

              expectContractAck(ack, `${event} ${JSON.stringify(value ?? null).slice(0, 200)}`);
            }),
            propertyOptions(RUNS * 2),
          );
          expect(socket.connected).toBe(true);
          socket.disconnect();
        });
      }
    }
  });

  it('still answers /api/health with 200 after all of that', async () => {
    const answer = await sendAs('anonymous', 'GET', '/api/health');

    expect(answer.status).toBe(200);
  });
});
