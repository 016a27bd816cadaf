import { randomUUID } from 'node:crypto';
import { ERRORS, type Ack } from '@parley/shared';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS } from './support/app.js';
import { createStory, createUser, postComment, setPostInterval, type TestUser } from './support/factories.js';
import { connectSocket, type ClientSocket } from './support/sockets.js';
import {
  registeredRoutes,
  subscribedSocketEvents,
  type RouteKey,
  type SocketEvent,
} from './support/surface.js';
import { appSuite } from './support/suite.js';
import { anyJson, bodyOf, hostileString, mutated, queryOf, type BodyInput } from './fuzz/inputs.js';
import {
  FUZZ_ROUTES,
  type ActorKind,
  type Answer,
  type Fixtures,
  type FuzzRoute,
  type Json,
} from './fuzz/routes.js';
import {
  KNOWN_GAPS,
  TEXT_CLASSES,
  TEXT_FIELDS,
  deepWithout,
  encodeLoosely,
  gapClassesOf,
  gapKey,
  withoutClasses,
  type Sender,
  type TextClass,
} from './fuzz/text-fields.js';

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
/** The fuzzed app has single sign-on on, so its SSO route verifies what it is sent. */
const SSO_SECRET = `fuzz-${randomUUID()}`;
/** The site that embeds the comments (PARLEY_ORIGINS): story URLs are on it. */
const HOST_SITE = 'https://news.example.org';

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

const env = {
  PARLEY_SSO_SECRET: SSO_SECRET,
  PARLEY_ORIGINS: HOST_SITE,
  // The fuzzed webhooks point at a closed loopback port; a fuzzed body may activate one.
  PARLEY_WEBHOOK_ALLOW_PRIVATE: 'true',
};

appSuite(`fuzz (seed ${SEED})`, { env }, (app) => {
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
    // Valid posts then reach the pipeline every run rather than stopping at the posting interval.
    await setPostInterval(app, 0);
    const [reader, moderator, admin, author] = await Promise.all([
      createUser(app),
      createUser(app, { role: 'moderator' }),
      createUser(app, { role: 'admin' }),
      createUser(app),
    ]);
    Object.assign(actors, { reader, moderator, admin });
    const { slug } = await createStory(app.db);
    const commentIds: string[] = [];
    for (let i = 0; i < 4; i++) commentIds.push((await postComment(author.client, slug)).id);
    const ownCommentIds: string[] = [];
    for (let i = 0; i < 4; i++) ownCommentIds.push((await postComment(reader.client, slug)).id);
    const userIds = (await Promise.all([1, 2, 3, 4].map(() => createUser(app)))).map(
      (target) => target.me.id,
    );
    const page = await reader.client.get<{ nextCursor: string }>(`/api/stories/${slug}/comments?limit=1`);
    const ssoToken = await new SignJWT({ username: 'fuzz_sso' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('fuzz-host-user')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SSO_SECRET));
    const storyIds: string[] = [];
    for (let i = 0; i < 6; i++) storyIds.push((await createStory(app.db)).id);
    fixtures = {
      slug,
      commentIds,
      ownCommentIds,
      userIds,
      cursor: page.body.nextCursor,
      ssoToken,
      storyIds,
      origin: HOST_SITE,
      webhookIds: [],
      deletableUserIds: (await Promise.all([1, 2, 3].map(() => createUser(app)))).map(
        (target) => target.me.id,
      ),
      noticeIds: [],
    };
    for (const commentId of commentIds.slice(0, 3)) {
      const author = await app.db
        .selectFrom('comments')
        .select('authorId')
        .where('id', '=', commentId)
        .executeTakeFirstOrThrow();
      const notice = await app.db
        .insertInto('dsaNotices')
        .values({
          commentId,
          authorId: author.authorId,
          category: 'defamation',
          explanation: 'A fuzz fixture',
          notifierTokenHash: 'fuzz',
          goodFaith: true,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      fixtures.noticeIds.push(notice.id);
    }
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
      'story:join': (f: Fixtures) => ({ slug: f.slug }),
      'story:leave': (f: Fixtures) => ({ slug: f.slug }),
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
