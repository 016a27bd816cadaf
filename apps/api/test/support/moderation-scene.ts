import type { PremodMode } from '@parley/db';
import type {
  Ack,
  CreateCommentResponse,
  DecisionResponse,
  QueueCounts,
  StoryResponse,
  ThreadPage,
} from '@parley/shared';
import { beforeAll, expect } from 'vitest';
import type { TestApp } from './app.js';
import {
  createStory,
  createUser,
  loginAdmin,
  setPostInterval,
  uniqueBody,
  type TestUser,
} from './factories.js';
import type { ApiClient } from './http.js';
import { connectSocket, joined, type ClientSocket } from './sockets.js';

/**
 * What the moderation tests share: a signed-in admin (posting with no interval, as one reader posts
 * several comments in a row here) and helpers over one app's stories, comments, decisions and sockets.
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
      .select(['status', 'featured', 'flags', 'matchedWords', 'reportCount', 'decidedBy'])
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

  async function threadIds(slug: string): Promise<string[]> {
    const page = await admin().get<ThreadPage>(`/api/stories/${slug}/comments?sort=newest`);
    return page.body.items.map((item) => item.id);
  }

  function makeModerator(): Promise<TestUser> {
    return createUser(app, { role: 'moderator' });
  }

  /** A socket of this signed-in client (in its user room), optionally in the moderation room. */
  async function socketOf(client: ApiClient, options: { moderation?: boolean } = {}): Promise<ClientSocket> {
    const socket = await connectSocket(app.baseUrl, { cookie: client.cookie });
    if (options.moderation) {
      const ack: Ack<QueueCounts> = await socket.timeout(5000).emitWithAck('moderation:join', {});
      expect(ack.ok).toBe(true);
    }
    return socket;
  }

  /** The admin's socket in the moderation room. */
  const moderationSocket = () => socketOf(admin(), { moderation: true });

  async function decisionRows(commentId: string) {
    return app.db
      .selectFrom('moderationActions')
      .select(['actorId', 'action', 'reason'])
      .where('commentId', '=', commentId)
      .where('action', 'in', ['approve', 'reject'])
      .execute();
  }

  function decide(
    client: ApiClient,
    id: string,
    action: 'approve' | 'reject' | 'feature' | 'unfeature',
    body: object = {},
  ) {
    return client.post<DecisionResponse>(
      `/api/moderation/comments/${id}/${action}`,
      action === 'reject' ? { reason: 'spam', ...body } : body,
    );
  }

  return {
    admin,
    story,
    changeStory,
    post,
    row,
    logOf,
    watcher,
    moderationSocket,
    threadIds,
    makeModerator,
    socketOf,
    decisionRows,
    decide,
  };
}
