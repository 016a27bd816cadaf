import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { QUEUES, type Ack, type QueueCounts } from '@parley/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModerationController } from '../src/moderation/moderation.controller.js';
import { ModerationRoomGateway } from '../src/moderation/moderation-room.gateway.js';
import {
  createStory,
  createUser,
  loginAdmin,
  postComment,
  uniqueBody,
  type TestUser,
} from './support/factories.js';
import { ApiClient, errorOf, type ApiResponse } from './support/http.js';
import {
  connectSocket,
  nextDisconnect,
  nextEvent,
  recordEvents,
  type ClientSocket,
} from './support/sockets.js';
import { appSuite } from './support/suite.js';

/** Every route of ModerationController, with a request that would succeed for staff. */
interface Route {
  /** The route as declared: `METHOD /api/moderation/<pattern>`. */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  path: string;
  body?: unknown;
}

interface Targets {
  commentId: string;
  userId: string;
  slug: string;
}

function moderationRoutes({ commentId, userId }: Targets): Route[] {
  const route = (method: Route['method'], pattern: string, path: string, body?: unknown): Route => ({
    name: `${method} /api/moderation/${pattern}`,
    method,
    path: `/api/moderation/${path}`,
    body,
  });
  return [
    route('GET', 'queues/:queue', 'queues/pending'),
    route('GET', 'counts', 'counts'),
    route('GET', 'comments/:id/revisions', `comments/${commentId}/revisions`),
    route('POST', 'comments/bulk', 'comments/bulk', { action: 'approve', ids: [commentId] }),
    route('POST', 'comments/:id/approve', `comments/${commentId}/approve`, {}),
    route('POST', 'comments/:id/reject', `comments/${commentId}/reject`, { reason: 'spam' }),
    route('POST', 'comments/:id/feature', `comments/${commentId}/feature`, {}),
    route('POST', 'comments/:id/unfeature', `comments/${commentId}/unfeature`, {}),
    route('POST', 'users/:id/suspend', `users/${userId}/suspend`, { hours: 24 }),
    route('POST', 'users/:id/ban', `users/${userId}/ban`, { reason: 'troll', rejectExisting: true }),
    route('POST', 'users/:id/unban', `users/${userId}/unban`, {}),
    route('POST', 'users/:id/premod', `users/${userId}/premod`, { on: true }),
    route('POST', 'users/:id/role', `users/${userId}/role`, { role: 'moderator' }),
    route('GET', 'word-lists', 'word-lists'),
    route('PUT', 'word-lists', 'word-lists', { banned: ['blocked'], suspect: [] }),
    route('GET', 'log', 'log'),
  ];
}

const ROUTE_NAMES = moderationRoutes({ commentId: 'x', userId: 'x', slug: 'x' }).map((route) => route.name);

/** `METHOD /api/moderation/<pattern>` of every handler the controller declares. */
function declaredRoutes(): string[] {
  const prefix = Reflect.getMetadata(PATH_METADATA, ModerationController) as string;
  const prototype = ModerationController.prototype as unknown as Record<string, object>;
  return Object.getOwnPropertyNames(prototype)
    .filter((name) => name !== 'constructor' && Reflect.hasMetadata(PATH_METADATA, prototype[name]!))
    .map((name) => {
      const handler = prototype[name]!;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const path = `/${prefix}/${Reflect.getMetadata(PATH_METADATA, handler) as string}`;
      // The controller has no prefix and @Route's paths start with /: one slash between parts.
      return `${method} ${path.replace(/\/{2,}/g, '/')}`;
    })
    .sort();
}

function send(client: ApiClient, route: Route): Promise<ApiResponse> {
  return client.request(route.method, route.path, route.body === undefined ? {} : { json: route.body });
}

function joinModeration(socket: ClientSocket): Promise<Ack<QueueCounts>> {
  return socket.timeout(5000).emitWithAck('moderation:join', {});
}

appSuite('moderation access', { closeSocketsAfterEach: true }, (app) => {
  let admin: ApiClient;
  let slug: string;
  /** A published comment and its author, the targets of every comment and user route. */
  let commentId: string;
  let target: TestUser;
  let reader: TestUser;
  /** A moderator banned by the admin, still holding the cookie from before the ban. */
  let bannedModerator: TestUser;
  let targets: Targets;

  function makeModerator(): Promise<TestUser> {
    return createUser(app, { role: 'moderator' });
  }

  async function targetState() {
    const [comment, user, story, settings, log] = await Promise.all([
      app.db
        .selectFrom('comments')
        .select(['status', 'featured'])
        .where('id', '=', commentId)
        .executeTakeFirstOrThrow(),
      app.db
        .selectFrom('users')
        .select(['status', 'alwaysPremod'])
        .where('id', '=', target.me.id)
        .executeTakeFirstOrThrow(),
      app.db
        .selectFrom('stories')
        .select(['commentsOpen'])
        .where('slug', '=', slug)
        .executeTakeFirstOrThrow(),
      app.db.selectFrom('siteSettings').select(['bannedWords']).executeTakeFirstOrThrow(),
      app.db
        .selectFrom('moderationActions')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .executeTakeFirstOrThrow(),
    ]);
    return { comment, user, story, settings, logRows: Number(log.count) };
  }

  beforeAll(async () => {
    admin = await loginAdmin(app);
    slug = (await createStory(app.db)).slug;
    target = await createUser(app);
    reader = await createUser(app);
    commentId = (await postComment(target.client, slug)).id;
    targets = { commentId, userId: target.me.id, slug };

    bannedModerator = await makeModerator();
    const banned = await admin.post(`/api/moderation/users/${bannedModerator.me.id}/ban`, {
      reason: 'gone rogue',
    });
    expect(banned.status).toBe(200);
  });

  it('covers every route ModerationController declares', () => {
    expect([...ROUTE_NAMES].sort()).toEqual(declaredRoutes());
    expect(ROUTE_NAMES).toHaveLength(16);
  });

  describe(ModerationController.name, () => {
    it.each(ROUTE_NAMES)(
      'answers %s with 401 for anonymous, 403 for a reader and 401 for a banned moderator’s old cookie, changing nothing',
      async (name) => {
        const route = moderationRoutes(targets).find((candidate) => candidate.name === name)!;
        const before = await targetState();

        const anonymous = await send(new ApiClient(app.baseUrl), route);
        const asReader = await send(reader.client, route);
        const asBanned = await send(bannedModerator.client, route);

        expect([anonymous.status, errorOf(anonymous).code]).toEqual([401, 'auth/unauthenticated']);
        expect([asReader.status, errorOf(asReader).code]).toEqual([403, 'auth/forbidden']);
        expect([asBanned.status, errorOf(asBanned).code]).toEqual([401, 'auth/unauthenticated']);
        expect(await targetState()).toEqual(before);
      },
    );

    it('answers the same routes for a moderator (the controls above are not failing for another reason)', async () => {
      const moderator = await makeModerator();

      for (const route of moderationRoutes(targets).filter((candidate) => candidate.method === 'GET')) {
        const response = await send(moderator.client, route);
        expect(response.status, route.path).toBe(200);
      }
      for (const queue of QUEUES) {
        expect((await moderator.client.get(`/api/moderation/queues/${queue}`)).status, queue).toBe(200);
      }
      const approved = await moderator.client.post(`/api/moderation/comments/${commentId}/approve`, {});
      expect(approved.status).toBe(200);
    });

    it('keeps roles for admins: a moderator gets 403, an admin makes and unmakes a moderator', async () => {
      const moderator = await makeModerator();
      const role = (value: string) => ({ json: { role: value } });

      const byModerator = await moderator.client.request(
        'POST',
        `/api/moderation/users/${targets.userId}/role`,
        role('moderator'),
      );
      const promoted = await admin.request(
        'POST',
        `/api/moderation/users/${targets.userId}/role`,
        role('moderator'),
      );
      const demoted = await admin.request(
        'POST',
        `/api/moderation/users/${targets.userId}/role`,
        role('reader'),
      );

      expect([byModerator.status, errorOf(byModerator).code]).toEqual([403, 'auth/forbidden']);
      expect([promoted.status, (promoted.body as { role: string }).role]).toEqual([200, 'moderator']);
      expect([demoted.status, (demoted.body as { role: string }).role]).toEqual([200, 'reader']);
    });
  });

  describe(`${ModerationRoomGateway.name} moderation:join`, () => {
    it('refuses an anonymous socket with auth/unauthenticated', async () => {
      const socket = await connectSocket(app.baseUrl);

      const ack = await joinModeration(socket);

      expect(ack).toMatchObject({ ok: false, error: { code: 'auth/unauthenticated' } });
    });

    it('refuses a reader with auth/forbidden', async () => {
      const socket = await connectSocket(app.baseUrl, { cookie: reader.client.cookie });

      const ack = await joinModeration(socket);

      expect(ack).toMatchObject({ ok: false, error: { code: 'auth/forbidden' } });
    });

    it('lets a moderator join and answers with the queue counts', async () => {
      const moderator = await makeModerator();
      const socket = await connectSocket(app.baseUrl, { cookie: moderator.client.cookie });

      const ack = await joinModeration(socket);

      expect(ack.ok).toBe(true);
      expect(ack.ok && ack.data).toEqual({
        pending: expect.any(Number),
        reported: expect.any(Number),
        unmoderated: expect.any(Number),
        approved: expect.any(Number),
        rejected: expect.any(Number),
      });
    });

    it('ends a moderator’s live connection when they are banned, and their old cookie cannot join again', async () => {
      const moderator = await makeModerator();
      const cookie = moderator.client.cookie;
      const socket = await connectSocket(app.baseUrl, { cookie });
      expect((await joinModeration(socket)).ok).toBe(true);
      const ended = nextEvent(socket, 'session:ended');
      const disconnected = nextDisconnect(socket);

      const banned = await admin.post(`/api/moderation/users/${moderator.me.id}/ban`, {
        reason: 'gone rogue',
      });

      expect(banned.status).toBe(200);
      expect(await ended).toEqual({ reason: 'banned' });
      expect(await disconnected).toBe('io server disconnect');
      const again = await connectSocket(app.baseUrl, { cookie });
      expect(await joinModeration(again)).toMatchObject({
        ok: false,
        error: { code: 'auth/unauthenticated' },
      });
    });

    it('no longer sends a banned moderator the moderation room’s events', async () => {
      const moderator = await makeModerator();
      const socket = await connectSocket(app.baseUrl, { cookie: moderator.client.cookie });
      expect((await joinModeration(socket)).ok).toBe(true);
      const disconnected = nextDisconnect(socket);
      await admin.post(`/api/moderation/users/${moderator.me.id}/ban`, { reason: 'gone rogue' });
      await disconnected;
      const watcher = await connectSocket(app.baseUrl, { cookie: admin.cookie });
      expect((await joinModeration(watcher)).ok).toBe(true);
      let leaked = false;
      socket.on('queue:counts', () => (leaked = true));
      const counted = nextEvent(watcher, 'queue:counts');

      await postComment((await createUser(app)).client, slug);

      await counted;
      expect(socket.connected).toBe(false);
      expect(leaked).toBe(false);
    });

    /** Posts a comment and waits until each of these sockets in the room has its card. */
    async function postSeenBy(...sockets: ClientSocket[]): Promise<void> {
      const body = uniqueBody('For the queues');
      const seen = sockets.map((socket) =>
        nextEvent(socket, 'queue:added', (payload) => payload.item.comment.body === body),
      );
      await postComment((await createUser(app)).client, slug, { body });
      await Promise.all(seen);
    }

    it('takes a demoted moderator’s sockets out of the moderation room at once', async () => {
      const moderator = await makeModerator();
      const socket = await connectSocket(app.baseUrl, { cookie: moderator.client.cookie });
      expect((await joinModeration(socket)).ok).toBe(true);
      const watcher = await connectSocket(app.baseUrl, { cookie: admin.cookie });
      expect((await joinModeration(watcher)).ok).toBe(true);
      const leaked = recordEvents(socket, 'queue:added');
      const told = nextEvent(socket, 'account:changed');

      const demoted = await admin.post(`/api/moderation/users/${moderator.me.id}/role`, { role: 'reader' });

      expect(demoted.status).toBe(200);
      await told;
      await postSeenBy(watcher);
      expect(leaked).toEqual([]);
      expect(socket.connected).toBe(true);
      expect(await joinModeration(socket)).toMatchObject({ ok: false, error: { code: 'auth/forbidden' } });
    });

    it('takes a suspended moderator out of the moderation room, and lets them back when it ends', async () => {
      const moderator = await makeModerator();
      const socket = await connectSocket(app.baseUrl, { cookie: moderator.client.cookie });
      expect((await joinModeration(socket)).ok).toBe(true);
      const watcher = await connectSocket(app.baseUrl, { cookie: admin.cookie });
      expect((await joinModeration(watcher)).ok).toBe(true);
      const leaked = recordEvents(socket, 'queue:added');
      const told = nextEvent(socket, 'account:changed');

      const suspended = await admin.post(`/api/moderation/users/${moderator.me.id}/suspend`, { hours: 1 });

      expect(suspended.status).toBe(200);
      await told;
      await postSeenBy(watcher);
      expect(leaked).toEqual([]);
      expect(await joinModeration(socket)).toMatchObject({ ok: false, error: { code: 'auth/forbidden' } });
      expect((await moderator.client.get('/api/moderation/counts')).status).toBe(403);

      // The suspension runs out (its end moved into the past rather than waiting an hour).
      await app.db
        .updateTable('users')
        .set({ suspendedUntil: new Date(Date.now() - 1000) })
        .where('id', '=', moderator.me.id)
        .execute();

      expect((await joinModeration(socket)).ok).toBe(true);
      await postSeenBy(watcher, socket);
    });
  });
});
