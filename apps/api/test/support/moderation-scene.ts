import type { PremodMode } from '@parley/db';
import type { Ack, CreateCommentResponse, QueueCounts, StoryResponse, ThreadPage } from '@parley/shared';
import { beforeAll, expect } from 'vitest';
import type { TestApp } from './app.js';
import { createStory, loginAdmin, setPostInterval, uniqueBody } from './factories.js';
import type { ApiClient } from './http.js';
import { connectSocket, joined, type ClientSocket } from './sockets.js';

/**
 * What the automatic-moderation tests share: a signed-in admin (posting with no interval) and
 * helpers over one app's stories, comments, log and sockets.
 */
export function moderationScene(app: TestApp) {
  let signedIn: ApiClient | undefined;

  beforeAll(async () => {
    signedIn = await loginAdmin(app);
    await setPostInterval(app, 0);
  });

  const admin = (): ApiClient => {
    if (!signedIn) throw new Error('the admin signs in in beforeAll');
    return signedIn;
  };

  async function story(premod: PremodMode = 'off', commentsOpen = true) {
    return (await createStory(app.db, { premod, commentsOpen })).slug;
  }

  /** The Stories tab's change (`PATCH /api/moderation/stories/:id`), for the story with this slug. */
  async function changeStory(slug: string, changes: Record<string, unknown>) {
    const { id } = await app.db
      .selectFrom('stories')
      .select('id')
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    return admin().patch<StoryResponse>(`/api/moderation/stories/${id}`, changes);
  }

  function post(client: ApiClient, slug: string, body = uniqueBody()) {
    return client.post<CreateCommentResponse>(`/api/stories/${slug}/comments`, { body });
  }

  async function row(id: string) {
    return app.db
      .selectFrom('comments')
      .select(['status', 'flags', 'matchedWords', 'reportCount'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  }

  async function logOf(commentId: string) {
    return app.db
      .selectFrom('moderationActions')
      .select(['actorId', 'action', 'reason'])
      .where('commentId', '=', commentId)
      .orderBy('createdAt')
      .execute();
  }

  async function watcher(slug: string): Promise<ClientSocket> {
    const socket = await connectSocket(app.baseUrl);
    await joined(socket, slug);
    return socket;
  }

  async function moderationSocket(): Promise<ClientSocket> {
    const socket = await connectSocket(app.baseUrl, { cookie: admin().cookie });
    const ack: Ack<QueueCounts> = await socket.timeout(5000).emitWithAck('moderation:join', {});
    expect(ack.ok).toBe(true);
    return socket;
  }

  async function threadIds(slug: string): Promise<string[]> {
    return (await admin().get<ThreadPage>(`/api/stories/${slug}/comments`)).body.items.map((item) => item.id);
  }

  return { admin, story, changeStory, post, row, logOf, watcher, moderationSocket, threadIds };
}
