import type { Comment, CommentChanges } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { RealtimeGateway } from '../src/realtime/realtime.gateway.js';
import { backdateComment, createStory, createUser, postComment, uniqueBody } from './support/factories.js';
import { errorOf } from './support/http.js';
import {
  connectSocket,
  joined,
  nextDisconnect,
  nextEvent,
  recordEvents,
  waitForConnect,
} from './support/sockets.js';
import { appSuite } from './support/suite.js';

appSuite('live events', { closeSocketsAfterEach: true }, (sut) => {
  const anonymousSocket = () => connectSocket(sut.baseUrl);

  /** Posts as a fresh author (the posting interval is per author). */
  async function postAsSomeone(
    slug: string,
    input: { body?: string; parentId?: string } = {},
    headers?: Record<string, string>,
  ) {
    const author = await createUser(sut);
    return { author, comment: await postComment(author.client, slug, input, headers) };
  }

  describe(RealtimeGateway.name, () => {
    describe('comment:created', () => {
      it('reaches an anonymous reader in the room with the comment as stored', async () => {
        const { slug } = await createStory(sut.db);
        const reader = await anonymousSocket();
        await joined(reader, slug);
        const body = uniqueBody('Live');
        const received = nextEvent(reader, 'comment:created', (comment) => comment.body === body);

        const { comment } = await postAsSomeone(slug, { body });

        expect(await received).toEqual(comment);
      });

      it("stays inside the story's room: other rooms and sockets in no room get nothing", async () => {
        const [articleA, articleB] = [await createStory(sut.db), await createStory(sut.db)];
        const inA = await anonymousSocket();
        const inB = await anonymousSocket();
        const inNoRoom = await anonymousSocket();
        await joined(inA, articleA.slug);
        await joined(inB, articleB.slug);
        const seenByB = recordEvents(inB, 'comment:created');
        const seenByNoRoom = recordEvents(inNoRoom, 'comment:created');
        const inAGotIt = nextEvent(inA, 'comment:created');

        const { comment: toA } = await postAsSomeone(articleA.slug);
        expect((await inAGotIt).id).toBe(toA.id);

        // Positive controls: an event each of them does get, sent after the one they must not.
        const controlB = nextEvent(inB, 'comment:created');
        const { comment: toB } = await postAsSomeone(articleB.slug);
        expect((await controlB).id).toBe(toB.id);
        await joined(inNoRoom, articleA.slug);
        const controlNoRoom = nextEvent(inNoRoom, 'comment:created');
        const { comment: laterToA } = await postAsSomeone(articleA.slug);
        expect((await controlNoRoom).id).toBe(laterToA.id);

        expect(seenByB.map((comment) => comment.id)).toEqual([toB.id]);
        expect(seenByNoRoom.map((comment) => comment.id)).toEqual([laterToA.id]);
      });

      it("skips the author's own socket named in X-Socket-Id while other sockets get it", async () => {
        const { slug } = await createStory(sut.db);
        const author = await createUser(sut);
        const ownSocket = await connectSocket(sut.baseUrl, { cookie: author.client.cookie });
        const otherSocket = await anonymousSocket();
        await joined(ownSocket, slug);
        await joined(otherSocket, slug);
        const seenByOwn = recordEvents(ownSocket, 'comment:created');
        const otherGotIt = nextEvent(otherSocket, 'comment:created');

        const own = await postComment(author.client, slug, {}, { 'x-socket-id': ownSocket.id! });

        expect((await otherGotIt).id).toBe(own.id);
        // Positive control: the next comment by someone else does reach the author's socket.
        const control = nextEvent(ownSocket, 'comment:created');
        const { comment: someoneElses } = await postAsSomeone(slug);
        expect((await control).id).toBe(someoneElses.id);
        expect(seenByOwn.map((comment) => comment.id)).toEqual([someoneElses.id]);
      });
    });

    describe('comment:updated and comment:removed', () => {
      it('sends comment:updated with the new text when the author edits', async () => {
        const { slug } = await createStory(sut.db);
        const { author, comment } = await postAsSomeone(slug);
        const reader = await anonymousSocket();
        await joined(reader, slug);
        const updated = nextEvent(reader, 'comment:updated', (event) => event.id === comment.id);

        const response = await author.client.patch<Comment>(`/api/comments/${comment.id}`, {
          body: 'Edited live.',
        });

        expect(response.status).toBe(200);
        const event = await updated;
        expect(event).toMatchObject({
          id: comment.id,
          body: 'Edited live.',
          editedAt: response.body.editedAt,
        });
        expect(event.editedAt).not.toBeNull();
      });

      it('sends comment:removed when a comment without replies is deleted', async () => {
        const { slug } = await createStory(sut.db);
        const { author, comment } = await postAsSomeone(slug);
        const reader = await anonymousSocket();
        await joined(reader, slug);
        const removed = nextEvent(reader, 'comment:removed');

        expect((await author.client.delete(`/api/comments/${comment.id}`)).status).toBe(204);

        expect(await removed).toEqual({ id: comment.id });
      });

      it('sends comment:updated with a placeholder when a comment with replies is deleted', async () => {
        const { slug } = await createStory(sut.db);
        const { author, comment } = await postAsSomeone(slug);
        await postAsSomeone(slug, { parentId: comment.id });
        const reader = await anonymousSocket();
        await joined(reader, slug);
        const seenRemoved = recordEvents(reader, 'comment:removed');
        const updated = nextEvent(reader, 'comment:updated', (event) => event.id === comment.id);

        expect((await author.client.delete(`/api/comments/${comment.id}`)).status).toBe(204);

        expect(await updated).toMatchObject({
          id: comment.id,
          status: 'deleted',
          author: null,
          body: '',
          replyCount: 1,
        });
        expect(seenRemoved).toEqual([]);
      });

      it('removes a placeholder too when its last reply is deleted', async () => {
        const { slug } = await createStory(sut.db);
        const { author, comment: parent } = await postAsSomeone(slug);
        const { author: replier, comment: reply } = await postAsSomeone(slug, { parentId: parent.id });
        expect((await author.client.delete(`/api/comments/${parent.id}`)).status).toBe(204);
        const reader = await anonymousSocket();
        await joined(reader, slug);
        const removed = recordEvents(reader, 'comment:removed');
        const parentRemoved = nextEvent(reader, 'comment:removed', (event) => event.id === parent.id);

        expect((await replier.client.delete(`/api/comments/${reply.id}`)).status).toBe(204);

        await parentRemoved;
        expect(removed.map((event) => event.id).sort()).toEqual([parent.id, reply.id].sort());
        // The thread agrees with what the live readers were told.
        const thread = await (
          await createUser(sut)
        ).client.get<{ items: Comment[] }>(`/api/stories/${slug}/comments`);
        expect(thread.body.items).toEqual([]);
      });
    });

    describe('reactions:updated', () => {
      it('sends the new count when a like is added or removed, and nothing for a repeated like', async () => {
        const { slug } = await createStory(sut.db);
        const { comment } = await postAsSomeone(slug);
        const liker = await createUser(sut);
        const reader = await anonymousSocket();
        await joined(reader, slug);
        const seen = recordEvents(reader, 'reactions:updated');
        const path = `/api/comments/${comment.id}/reactions/like`;
        const liked = nextEvent(reader, 'reactions:updated');

        await liker.client.put(path);
        expect(await liked).toEqual({ id: comment.id, counts: { like: 1 } });
        await liker.client.put(path);
        const unliked = nextEvent(reader, 'reactions:updated', (event) => event.counts.like === 0);
        await liker.client.delete(path);
        await unliked;

        expect(seen).toEqual([
          { id: comment.id, counts: { like: 1 } },
          { id: comment.id, counts: { like: 0 } },
        ]);
      });
    });

    describe('catching up after a dropped connection', () => {
      it('lists what changed while away, and the socket gets live events again after rejoining', async () => {
        const { slug } = await createStory(sut.db);
        const { comment: old } = await postAsSomeone(slug);
        await backdateComment(sut.db, old.id, 120);
        const { author: editor, comment: toEdit } = await postAsSomeone(slug);
        const { author: deleter, comment: toDelete } = await postAsSomeone(slug);
        const socket = await connectSocket(sut.baseUrl, { reconnection: true });
        await joined(socket, slug);
        const seen = recordEvents(socket, 'comment:created');

        const since = new Date().toISOString();
        // The connection drops under the socket (as on a network loss); the client will reconnect by itself.
        const dropped = nextDisconnect(socket);
        socket.io.engine.close();
        expect(await dropped).not.toBe('io client disconnect');
        expect(socket.connected).toBe(false);
        const { comment: newOne } = await postAsSomeone(slug);
        const { comment: newTwo } = await postAsSomeone(slug);
        expect(
          (await editor.client.patch(`/api/comments/${toEdit.id}`, { body: 'Changed while you were away.' }))
            .status,
        ).toBe(200);
        expect((await deleter.client.delete(`/api/comments/${toDelete.id}`)).status).toBe(204);

        const response = await (
          await createUser(sut)
        ).client.get<CommentChanges>(
          `/api/stories/${slug}/comments/changes?since=${encodeURIComponent(since)}`,
        );

        expect(response.status).toBe(200);
        const changed = new Map(response.body.changed.map((comment) => [comment.id, comment]));
        expect([...changed.keys()]).toEqual(expect.arrayContaining([newOne.id, newTwo.id, toEdit.id]));
        expect(changed.get(toEdit.id)?.body).toBe('Changed while you were away.');
        expect(changed.has(toDelete.id)).toBe(false);
        expect(changed.has(old.id)).toBe(false);
        expect(response.body.removedIds).toEqual([toDelete.id]);
        expect(Date.parse(response.body.serverTime)).toBeGreaterThanOrEqual(Date.parse(since));

        await waitForConnect(socket, 10_000);
        await joined(socket, slug);
        const again = nextEvent(socket, 'comment:created');
        const { comment: afterReturn } = await postAsSomeone(slug);
        expect((await again).id).toBe(afterReturn.id);
        expect(seen.map((comment) => comment.id)).toEqual([afterReturn.id]);
      });

      it('refuses a since that is not a time with 400 and an unknown story with 404', async () => {
        const { slug } = await createStory(sut.db);
        const reader = await createUser(sut);

        const badSince = await reader.client.get(`/api/stories/${slug}/comments/changes?since=yesterday`);
        const noSince = await reader.client.get(`/api/stories/${slug}/comments/changes`);
        const unknown = await reader.client.get(
          `/api/stories/no-such-story/comments/changes?since=${new Date().toISOString()}`,
        );

        expect(badSince.status).toBe(400);
        expect(errorOf(badSince).message).toContain('since');
        expect(noSince.status).toBe(400);
        expect(unknown.status).toBe(404);
      });
    });
  });
});
