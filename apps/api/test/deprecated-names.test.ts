import type { Comment, StoryWithArticle, ThreadPage } from '@parley/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS, setupTable, startApp, type TestApp } from './support/app.js';
import { createStory, createUser, uniqueBody } from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';
import { closeAllSockets, connectSocket, nextEvent } from './support/sockets.js';

/** The names from before stories, kept as aliases for embeds and API clients in the wild (README). */
describe.each(setupTable())('article names over %s', (_label, { engine, redis }) => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startApp({ engine, redis });
  }, BOOT_TIMEOUT_MS);
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await sut?.close();
  });

  it('answers /api/articles/… as /api/stories/…, saying it is deprecated and naming the successor', async () => {
    const { slug } = await createStory(sut.db);
    const author = await createUser(sut);
    const anonymous = new ApiClient(sut.baseUrl);

    const posted = await author.client.post<{ comment: Comment }>(`/api/articles/${slug}/comments`, {
      body: uniqueBody(),
    });
    const oldThread = await anonymous.get<ThreadPage>(`/api/articles/${slug}/comments?limit=5`);
    const newThread = await anonymous.get<ThreadPage>(`/api/stories/${slug}/comments?limit=5`);
    const story = await anonymous.get<StoryWithArticle>(`/api/articles/${slug}`);

    expect(posted.status).toBe(201);
    expect(oldThread.status).toBe(200);
    expect(oldThread.body.items.map((item) => item.id)).toEqual([posted.body.comment.id]);
    expect(oldThread.body.items).toEqual(newThread.body.items);
    expect(oldThread.headers.get('deprecation')).toMatch(/^@\d+$/);
    expect(oldThread.headers.get('sunset')).toBeTruthy();
    expect(oldThread.headers.get('link')).toBe(`</api/stories/${slug}/comments>; rel="successor-version"`);
    expect(newThread.headers.get('deprecation')).toBeNull();
    expect([story.status, story.body.slug]).toEqual([200, slug]);
  });

  it('keeps the guards of the new path: an anonymous post is refused, an unknown story is 404', async () => {
    const { slug } = await createStory(sut.db);
    const anonymous = new ApiClient(sut.baseUrl);

    const refused = await anonymous.post(`/api/articles/${slug}/comments`, { body: uniqueBody() });
    const missing = await anonymous.get('/api/articles/no-such-story/comments');

    expect([refused.status, errorOf(refused).code]).toEqual([401, 'auth/unauthenticated']);
    expect([missing.status, errorOf(missing).code]).toEqual([404, 'story/not_found']);
  });

  it('joins the story room with article:join, so live events reach an old embed', async () => {
    const { slug } = await createStory(sut.db);
    const author = await createUser(sut);
    const socket = await connectSocket(sut.baseUrl);

    const ack = await socket.timeout(10_000).emitWithAck('article:join', { slug });
    const created = nextEvent(socket, 'comment:created');
    const posted = await author.client.post<{ comment: Comment }>(`/api/stories/${slug}/comments`, {
      body: uniqueBody(),
    });

    expect(ack).toEqual({ ok: true, data: { readers: 1 } });
    expect((await created).id).toBe(posted.body.comment.id);
    expect(await socket.timeout(10_000).emitWithAck('article:leave', { slug })).toEqual({
      ok: true,
      data: undefined,
    });
  });
});
