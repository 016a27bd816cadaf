import { randomUUID } from 'node:crypto';
import {
  webhookEventDataSchemas,
  type Comment,
  type ModerationLogPage,
  type WebhookCreated,
} from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS, setupTable, startApp, type TestApp } from './support/app.js';
import {
  createStory,
  createUser,
  established,
  loginAdmin,
  postComment,
  setPostInterval,
} from './support/factories.js';
import { ApiClient } from './support/http.js';
import { waitFor } from './support/wait.js';
import { receiver } from './support/webhook-receiver.js';

/**
 * Every change of a comment gets its log row and webhook event from one recorder: an edit the screen
 * holds or rejects is logged and announced like a post, and `comment.held` carries the same full
 * comment whether the pipeline or readers' reports held it.
 */
describe.each(setupTable())('comment change side effects over %s', (_label, setup) => {
  let testApp: TestApp;
  let admin: ApiClient;
  let hook: Awaited<ReturnType<typeof receiver>>;
  const suspect = `suspectword${randomUUID().slice(0, 8)}`;
  const banned = `bannedword${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    testApp = await startApp({
      ...setup,
      // The receivers here listen on 127.0.0.1.
      env: { PARLEY_OUTBOX_POLL_MS: '50', PARLEY_WEBHOOK_ALLOW_PRIVATE: 'true' },
    });
    admin = await loginAdmin(testApp);
    await setPostInterval(testApp, 0);
    hook = await receiver(() => 200);
    const made = await admin.post<WebhookCreated>('/api/moderation/webhooks', {
      url: hook.url,
      events: ['comment.created', 'comment.held'],
    });
    expect(made.status).toBe(201);
    const lists = await admin.put('/api/moderation/word-lists', {
      json: { banned: [banned], suspect: [suspect] },
    });
    expect(lists.status).toBe(200);
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await hook?.close();
    await testApp?.close();
  });

  const heldEvents = (commentId: string) =>
    hook.received
      .map(({ event }) => event)
      .filter((event) => event.type === 'comment.held' && event.data.comment.id === commentId);

  async function logActions(commentId: string): Promise<{ action: string; reason: string | null }[]> {
    const page = await admin.get<ModerationLogPage>('/api/moderation/log?limit=100');
    return page.body.items
      .filter((item) => item.commentId === commentId)
      .map(({ action, reason }) => ({ action, reason }));
  }

  async function publishedComment(): Promise<{
    author: Awaited<ReturnType<typeof createUser>>;
    comment: Comment;
  }> {
    const story = await createStory(testApp.db);
    const author = await createUser(testApp, established());
    const comment = await postComment(author.client, story.slug, { body: 'A plain first thought.' });
    expect(comment.status).toBe('published');
    await waitFor(
      () =>
        hook.received.some(
          ({ event }) => event.type === 'comment.created' && event.data.comment.id === comment.id,
        ),
      'comment.created',
    );
    return { author, comment };
  }

  it('sends comment.held with the full comment and logs auto_hold when the screen holds an edit', async () => {
    const { author, comment } = await publishedComment();

    const edited = await author.client.patch<Comment>(`/api/comments/${comment.id}`, {
      body: `Second thoughts: ${suspect}.`,
    });

    expect(edited.status).toBe(200);
    expect(edited.body.status).toBe('pending');
    await waitFor(() => heldEvents(comment.id).length === 1, 'comment.held for the edit');
    const [held] = heldEvents(comment.id);
    expect(webhookEventDataSchemas['comment.held'].parse(held!.data)).toEqual({
      comment: {
        id: comment.id,
        storyId: expect.any(String),
        storySlug: expect.any(String),
        parentId: null,
        author: { id: author.me.id, username: author.username },
        body: `Second thoughts: ${suspect}.`,
        status: 'pending',
        flags: expect.any(Array),
      },
      reason: 'pipeline',
    });
    expect(await logActions(comment.id)).toEqual([{ action: 'auto_hold', reason: null }]);
  });

  it('logs auto_reject, and announces no hold, when the screen rejects an edit', async () => {
    const { author, comment } = await publishedComment();

    const edited = await author.client.patch<Comment>(`/api/comments/${comment.id}`, {
      body: `Second thoughts: ${banned}.`,
    });

    expect(edited.status).toBe(200);
    expect(edited.body.status).toBe('rejected');
    await waitFor(async () => (await logActions(comment.id)).length > 0, 'the log row');
    expect(await logActions(comment.id)).toEqual([{ action: 'auto_reject', reason: null }]);
    expect(heldEvents(comment.id)).toEqual([]);
  });

  it('sends comment.held from reports with the same full comment a held post carries', async () => {
    const { author, comment } = await publishedComment();
    const premod = await createStory(testApp.db, { premod: 'all' });
    const heldPost = await postComment(author.client, premod.slug, { body: 'Held on arrival.' });
    const moderator = await createUser(testApp, { role: 'moderator' });

    // A report by staff holds at once.
    const reported = await moderator.client.post(`/api/comments/${comment.id}/reports`, { reason: 'spam' });

    expect(reported.status).toBeLessThan(300);
    await waitFor(() => heldEvents(comment.id).length === 1, 'comment.held from reports');
    await waitFor(() => heldEvents(heldPost.id).length === 1, 'comment.held from the pipeline');
    const fromReports = webhookEventDataSchemas['comment.held'].parse(heldEvents(comment.id)[0]!.data);
    const fromPosting = webhookEventDataSchemas['comment.held'].parse(heldEvents(heldPost.id)[0]!.data);
    expect(Object.keys(fromReports.comment).sort()).toEqual(Object.keys(fromPosting.comment).sort());
    expect(fromReports).toEqual({
      comment: {
        id: comment.id,
        storyId: expect.any(String),
        storySlug: expect.any(String),
        parentId: null,
        author: { id: author.me.id, username: author.username },
        body: 'A plain first thought.',
        status: 'pending',
        flags: ['reports'],
      },
      reason: 'reports',
    });
    expect(fromPosting).toMatchObject({
      reason: 'pipeline',
      comment: { body: 'Held on arrival.', status: 'pending' },
    });
    expect(await logActions(comment.id)).toEqual([{ action: 'auto_hold', reason: 'reports' }]);
  });
});
