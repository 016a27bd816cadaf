import { randomInt } from 'node:crypto';
import type { ReactionsUpdated } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { REACTIONS_PER_MINUTE } from '../src/comments/comment-feedback.service.js';
import { createStory, createUser, postComment } from './support/factories.js';
import { errorOf } from './support/http.js';
import {
  connectSocket,
  joinStory,
  joined,
  nextDisconnect,
  openSocket,
  recordEvents,
  waitForConnect,
} from './support/sockets.js';
import { waitFor } from './support/wait.js';
import { appSuite, type AppSuiteOptions } from './support/suite.js';

const EVENTS_PER_MINUTE = 5;
const SOCKETS_PER_ADDRESS = 3;

/** An address of its own for one test, sent as X-Forwarded-For (127.0.0.1 is a trusted proxy by default). */
function freshAddress(): Record<string, string> {
  return { 'x-forwarded-for': `198.51.${randomInt(0, 256)}.${randomInt(1, 255)}` };
}

const options: AppSuiteOptions = {
  env: {
    PARLEY_SOCKETS_PER_ADDRESS: String(SOCKETS_PER_ADDRESS),
    PARLEY_SOCKET_EVENTS_PER_MINUTE: String(EVENTS_PER_MINUTE),
  },
  closeSocketsAfterEach: true,
};

appSuite('floods', options, (sut) => {
  describe('events per socket', () => {
    it('answers events past the limit with socket/rate_limited, and disconnects a socket that keeps on', async () => {
      const { slug } = await createStory(sut.db);
      const headers = freshAddress();
      const flooder = await connectSocket(sut.baseUrl, { headers });
      const neighbour = await connectSocket(sut.baseUrl, { headers });

      for (let i = 0; i < EVENTS_PER_MINUTE; i++) await joined(flooder, slug);
      const refused = await joinStory(flooder, { slug });

      expect(refused.ok).toBe(false);
      expect(!refused.ok && refused.error).toMatchObject({
        code: 'socket/rate_limited',
        details: { retryAfterSeconds: expect.any(Number) as number },
      });
      // The limit is the socket's own: another socket of the same person still gets answers.
      expect(await joined(neighbour, slug)).toBeGreaterThan(0);

      const disconnected = nextDisconnect(flooder);
      // Ignoring the refusals: up to twice the allowance in the minute, then the server hangs up.
      for (let i = 0; i < EVENTS_PER_MINUTE; i++) {
        flooder.emit('story:join', { slug }, (() => undefined) as never);
      }
      expect(await disconnected).toBe('io server disconnect');
      expect(neighbour.connected).toBe(true);
    });
  });

  describe('sockets per address', () => {
    it('refuses a connection past the cap with socket/too_many_connections, and takes one again when one closes', async () => {
      const headers = freshAddress();
      const held = [];
      for (let i = 0; i < SOCKETS_PER_ADDRESS; i++) held.push(await connectSocket(sut.baseUrl, { headers }));

      const refusal = waitForConnect(openSocket(sut.baseUrl, { headers }));
      await expect(refusal).rejects.toThrow('socket/too_many_connections');
      // Another address is not affected.
      await connectSocket(sut.baseUrl, { headers: freshAddress() });

      held[0]!.disconnect();
      await waitFor(async () => {
        const retry = openSocket(sut.baseUrl, { headers });
        try {
          await waitForConnect(retry);
          return true;
        } catch {
          retry.disconnect();
          return false;
        }
      }, 'a place to free up after a socket closed');
    });

    it('counts by the connection address when X-Forwarded-For comes from an untrusted hop', async () => {
      // The proxy at 127.0.0.1 is trusted, the hop before it (203.0.113.77) is not: the cap counts
      // that hop, whatever address it claims for the client.
      const chain = (claimed: string) => ({ 'x-forwarded-for': `${claimed}, 203.0.113.77` });
      for (let i = 0; i < SOCKETS_PER_ADDRESS; i++) {
        await connectSocket(sut.baseUrl, { headers: chain(`192.0.2.${i + 1}`) });
      }

      await expect(
        waitForConnect(openSocket(sut.baseUrl, { headers: chain('192.0.2.200') })),
      ).rejects.toThrow('socket/too_many_connections');
    });
  });

  describe('reactions', () => {
    it(`allows ${REACTIONS_PER_MINUTE} likes and unlikes a minute per user, then 429 reaction/rate_limited`, async () => {
      const { slug } = await createStory(sut.db);
      const author = await createUser(sut);
      const comment = await postComment(author.client, slug);
      const liker = await createUser(sut);
      const other = await createUser(sut);
      const path = `/api/comments/${comment.id}/reactions/like`;

      for (let i = 0; i < REACTIONS_PER_MINUTE; i++) {
        const response = i % 2 === 0 ? await liker.client.put(path) : await liker.client.delete(path);
        expect(response.status).toBe(200);
      }
      const refused = await liker.client.put(path);

      expect(refused.status).toBe(429);
      expect(errorOf(refused)).toMatchObject({
        code: 'reaction/rate_limited',
        details: { retryAfterSeconds: expect.any(Number) as number },
      });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // Refused means not written; and the limit is per user.
      expect((await other.client.put(path)).body).toEqual({ id: comment.id, counts: { like: 1 } });
    });

    it('coalesces reactions:updated to at most one a second per comment, the last with the exact count', async () => {
      const { slug } = await createStory(sut.db);
      const author = await createUser(sut);
      const comment = await postComment(author.client, slug);
      const likers = await Promise.all(Array.from({ length: 8 }, () => createUser(sut)));
      const latecomer = await createUser(sut);
      const reader = await connectSocket(sut.baseUrl);
      await joined(reader, slug);
      const frames: ReactionsUpdated[] = recordEvents(reader, 'reactions:updated');
      const path = `/api/comments/${comment.id}/reactions/like`;
      const started = Date.now();

      const likes = await Promise.all(likers.map((liker) => liker.client.put(path)));
      const unlikes = await Promise.all(likers.slice(0, 3).map((liker) => liker.client.delete(path)));
      const last = await latecomer.client.put(path);

      expect([...likes, ...unlikes].map((response) => response.status)).toEqual(Array(11).fill(200));
      // The reacting user gets the exact count at once, whatever the broadcasts do.
      expect(last.body).toEqual({ id: comment.id, counts: { like: 6 } });
      await waitFor(() => frames.at(-1)?.counts.like === 6, 'a broadcast with the final count');
      const elapsedMs = Date.now() - started;
      const stored = await sut.db
        .selectFrom('reactions')
        .select('userId')
        .where('commentId', '=', comment.id)
        .execute();

      expect(stored).toHaveLength(6);
      // 12 changes; one broadcast at once, then at most one per started second.
      expect(frames.length).toBeLessThanOrEqual(Math.floor(elapsedMs / 1000) + 1);
      expect(frames.every((frame) => frame.id === comment.id)).toBe(true);
    });
  });
});
