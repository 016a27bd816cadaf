import type { QueueCounts } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { RealtimeGateway } from '../src/realtime/realtime.gateway.js';
import { createStory, createUser, login, loginAdmin } from './support/factories.js';
import {
  connectSocket,
  joinStory,
  joined,
  leaveStory,
  nextDisconnect,
  nextEvent,
  type ClientSocket,
} from './support/sockets.js';
import { appSuite } from './support/suite.js';

appSuite('live events', { closeSocketsAfterEach: true }, (sut) => {
  const anonymousSocket = () => connectSocket(sut.baseUrl);

  describe(RealtimeGateway.name, () => {
    describe('story:join', () => {
      it('lets an anonymous socket join, acknowledging with the reader count', async () => {
        const { slug } = await createStory(sut.db);
        const first = await anonymousSocket();
        const second = await anonymousSocket();

        const firstAck = await joinStory(first, { slug });
        const secondAck = await joinStory(second, { slug });

        expect(firstAck).toEqual({ ok: true, data: { readers: 1 } });
        expect(secondAck).toEqual({ ok: true, data: { readers: 2 } });
      });

      it.each([
        { case: 'no slug', payload: {} },
        { case: 'a slug that is not a slug', payload: { slug: 'Not A Slug!' } },
        { case: 'a number as slug', payload: { slug: 7 } },
        { case: 'a bare string', payload: 'some-story' },
        { case: 'null', payload: null },
      ])('refuses $case with ack { ok: false } and request/invalid', async ({ payload }) => {
        const socket = await anonymousSocket();

        const ack = await joinStory(socket, payload);

        expect(ack.ok).toBe(false);
        expect(!ack.ok && ack.error.code).toBe('request/invalid');
        expect(socket.connected).toBe(true);
      });

      it('refuses an unknown story with story/not_found', async () => {
        const socket = await anonymousSocket();

        const ack = await joinStory(socket, { slug: 'no-such-story-here' });

        expect(ack.ok).toBe(false);
        expect(!ack.ok && ack.error.code).toBe('story/not_found');
      });
    });

    describe('presence:updated', () => {
      it('tells the room how many read as sockets join, leave and disconnect', async () => {
        const { slug } = await createStory(sut.db);
        const watcher = await anonymousSocket();
        await joined(watcher, slug);
        const second = await anonymousSocket();
        const third = await anonymousSocket();

        const three = nextEvent(watcher, 'presence:updated', (event) => event.readers === 3);
        await joined(second, slug);
        await joined(third, slug);
        await three;

        const two = nextEvent(watcher, 'presence:updated', (event) => event.readers === 2);
        expect(await leaveStory(second, slug)).toEqual({ ok: true });
        await two;

        const one = nextEvent(watcher, 'presence:updated', (event) => event.readers === 1);
        third.disconnect();
        await one;
      });
    });

    describe('moderation:join', () => {
      it('refuses an anonymous socket with auth/unauthenticated', async () => {
        const socket = await anonymousSocket();

        const ack = await socket.timeout(5000).emitWithAck('moderation:join', {});

        expect(ack.ok).toBe(false);
        expect(!ack.ok && ack.error.code).toBe('auth/unauthenticated');
      });

      it('refuses a reader with auth/forbidden', async () => {
        const reader = await createUser(sut);
        const socket = await connectSocket(sut.baseUrl, { cookie: reader.client.cookie });

        const ack = await socket.timeout(5000).emitWithAck('moderation:join', {});

        expect(ack.ok).toBe(false);
        expect(!ack.ok && ack.error.code).toBe('auth/forbidden');
      });

      it('accepts the admin with the queue counts', async () => {
        const admin = await loginAdmin(sut);
        const socket = await connectSocket(sut.baseUrl, { cookie: admin.cookie });

        const ack = await socket.timeout(5000).emitWithAck('moderation:join', {});

        expect(ack.ok).toBe(true);
        const counts = (ack as { data: QueueCounts }).data;
        for (const queue of ['pending', 'reported', 'unmoderated', 'approved', 'rejected'] as const) {
          expect(counts[queue]).toEqual(expect.any(Number));
        }
      });
    });

    describe('signing out', () => {
      it("sends session:ended to that session's sockets, then disconnects them, and only them", async () => {
        const user = await createUser(sut);
        const otherSession = await login(sut, user.username, user.password);
        const { slug } = await createStory(sut.db);
        const ending: ClientSocket = await connectSocket(sut.baseUrl, { cookie: user.client.cookie });
        const staying = await connectSocket(sut.baseUrl, { cookie: otherSession.cookie });
        await joined(ending, slug);
        await joined(staying, slug);
        const order: string[] = [];
        ending.on('session:ended', (payload) => order.push(`session:ended ${payload.reason}`));
        const closed = nextDisconnect(ending);
        const oldCookie = user.client.cookie;

        expect((await user.client.request('POST', '/api/auth/logout')).status).toBe(204);

        expect(await closed).toBe('io server disconnect');
        expect(order).toEqual(['session:ended signed out']);
        expect(await joinStory(staying, { slug })).toMatchObject({ ok: true });
        expect(staying.connected).toBe(true);
        // The old cookie opens only an anonymous socket now.
        const reopened = await connectSocket(sut.baseUrl, { cookie: oldCookie });
        const ack = await reopened.timeout(5000).emitWithAck('moderation:join', {});
        expect(!ack.ok && ack.error.code).toBe('auth/unauthenticated');
      });
    });
  });
});
