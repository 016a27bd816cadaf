import type { Ack } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_ROWS } from './authorization-matrix/accounts-rows.js';
import { ADMIN_ROWS } from './authorization-matrix/admin-rows.js';
import {
  describeOutcome,
  HOST_SITE,
  outcomeOf,
  ROLES,
  rowName,
  SSO_SECRET,
  type Actor,
  type Cell,
  type HttpRow,
  type Role,
  type SocketRow,
} from './authorization-matrix/cells.js';
import { COMMENT_ROWS } from './authorization-matrix/comments-rows.js';
import { DSA_ROWS } from './authorization-matrix/dsa-rows.js';
import { MODERATION_ROWS } from './authorization-matrix/moderation-rows.js';
import { SOCKET_ROWS } from './authorization-matrix/socket-rows.js';
import { insertComment } from './authorization-matrix/state.js';
import { BOOT_TIMEOUT_MS, setupTable, startApp, type TestApp } from './support/app.js';
import { createStory, createUser, loginAdmin, type TestUser } from './support/factories.js';
import { ApiClient } from './support/http.js';
import { closeAllSockets, connectSocket } from './support/sockets.js';
import { registeredRoutes, subscribedSocketEvents, type SocketEvent } from './support/surface.js';

/**
 * Issue 9's authorization matrix: every REST route and every socket event, as every kind of
 * person, each cell a valid request (so the answer is about who asks, not what they sent) made
 * against state created for that cell alone. The rows, by area, are in ./authorization-matrix/;
 * this file runs them and proves every registered route and socket event has one.
 */

/**
 * Cells whose CORRECT expectation today's code does not meet (issue 9). Each runs as `it.fails`:
 * when a fix lands the cell passes, its `it.fails` turns red, and the entry must be removed here.
 * Keys are `<row> × <role>` as the test names print them.
 */
const KNOWN_GAPS: readonly string[] = [];

/** Every HTTP row, by area; the census below proves every route the app registers has one. */
const HTTP_ROWS: HttpRow[] = [
  ...ACCOUNT_ROWS,
  ...COMMENT_ROWS,
  ...MODERATION_ROWS,
  ...DSA_ROWS,
  ...ADMIN_ROWS,
];

const CELL_NAMES = new Set([
  ...HTTP_ROWS.flatMap((row) => ROLES.map((role) => `${rowName(row)} × ${role}`)),
  ...Object.keys(SOCKET_ROWS).flatMap((event) => ROLES.map((role) => `socket ${event} × ${role}`)),
]);

describe.each(setupTable())('authorization matrix over %s', (_label, { engine, redis }) => {
  let app: TestApp;
  let admin: ApiClient;
  let other: TestUser;
  let slug: string;
  let storyId: string;

  beforeAll(async () => {
    app = await startApp({
      engine,
      redis,
      env: { PARLEY_SSO_SECRET: SSO_SECRET, PARLEY_ORIGINS: HOST_SITE },
    });
    admin = await loginAdmin(app);
    other = await createUser(app);
    const story = await createStory(app.db);
    slug = story.slug;
    storyId = story.id;
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    closeAllSockets();
    await app?.close();
  });

  /** A fresh person in the given role; suspensions and bans come after `prepare`, as moderators make them. */
  async function makeActor(role: Role): Promise<{ actor: Actor; restrict(): Promise<void> }> {
    if (role === 'anonymous')
      return { actor: { role, client: new ApiClient(app.baseUrl) }, restrict: async () => {} };
    const accountRole = role === 'admin' ? 'admin' : role.endsWith('oderator') ? 'moderator' : 'reader';
    const user = await createUser(app, { role: accountRole });
    const action =
      role === 'suspendedReader' || role === 'suspendedModerator'
        ? { path: 'suspend', body: { hours: 24 } }
        : role === 'bannedReader'
          ? { path: 'ban', body: { reason: 'Matrix' } }
          : undefined;
    return {
      actor: { role, client: user.client, user },
      restrict: async () => {
        if (!action) return;
        const response = await admin.post(`/api/moderation/users/${user.me.id}/${action.path}`, action.body);
        if (response.status !== 200) throw new Error(`${action.path}: ${response.status}`);
      },
    };
  }

  function cellFor(actor: Actor): Cell {
    return {
      actor,
      app,
      other,
      slug,
      storyId,
      comment: ({ author = 'other', status = 'published' } = {}) =>
        insertComment(app.db, {
          storyId,
          authorId: author === 'actor' && actor.user ? actor.user.me.id : other.me.id,
          status,
        }),
    };
  }

  it('has a row for exactly the routes the running app registered', () => {
    const rows = [...new Set(HTTP_ROWS.map((row) => row.route))].sort();
    expect(rows).toEqual(registeredRoutes(app));
  });

  it('has a row for exactly the socket events the gateway subscribes to', () => {
    expect(Object.keys(SOCKET_ROWS).sort()).toEqual(subscribedSocketEvents(app));
  });

  it('lists only real cells as known gaps', () => {
    expect(KNOWN_GAPS.filter((gap) => !CELL_NAMES.has(gap))).toEqual([]);
  });

  // Cells make their own state, so they run a few at a time.
  for (const row of HTTP_ROWS) {
    describe.concurrent(rowName(row), () => {
      for (const role of ROLES) {
        const name = `${rowName(row)} × ${role}`;
        const test = KNOWN_GAPS.includes(name) ? it.fails : it;
        test(`${role} → ${describeOutcome(row.expect[role])}`, async () => {
          const { actor, restrict } = await makeActor(role);
          const request = await row.request(cellFor(actor));
          await restrict();

          const response = await actor.client.request(request.method, request.path, {
            ...(request.body !== undefined && { json: request.body }),
            ...(request.file !== undefined && { file: request.file }),
            headers: request.headers,
          });

          expect(outcomeOf(response), `${request.method} ${request.path}`).toEqual(row.expect[role]);
        });
      }
    });
  }

  for (const [event, row] of Object.entries(SOCKET_ROWS) as [SocketEvent, SocketRow][]) {
    describe.concurrent(`socket ${event}`, () => {
      for (const role of ROLES) {
        const name = `socket ${event} × ${role}`;
        const test = KNOWN_GAPS.includes(name) ? it.fails : it;
        test(`${role} → ${row.expect[role]}`, async () => {
          const { actor, restrict } = await makeActor(role);
          const payload = row.payload(cellFor(actor));
          await restrict();
          const socket = await connectSocket(app.baseUrl, { cookie: actor.client.cookie });

          try {
            const ack = (await socket
              .timeout(10_000)
              .emitWithAck(event as 'moderation:join', payload as never)) as Ack<unknown>;

            expect(ack.ok ? 'ok' : ack.error.code).toBe(row.expect[role]);
          } finally {
            socket.disconnect();
          }
        });
      }
    });
  }
});
