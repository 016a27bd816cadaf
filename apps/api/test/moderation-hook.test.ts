import { randomBytes } from 'node:crypto';
import type { CreateCommentResponse, ModerationLogPage, QueuePage } from '@parley/shared';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { Metrics } from '../src/metrics/metrics.js';
import {
  createStory,
  createUser,
  loginAdmin,
  setPostInterval,
  uniqueBody,
  type TestUser,
} from './support/factories.js';
import type { ApiClient } from './support/http.js';
import { moderationHookServer, type HookReply } from './support/moderation-hook-server.js';
import { readmeVerifier } from './support/readme-verifier.js';
import { appSuite } from './support/suite.js';

const SECRET = randomBytes(32).toString('hex');
const BUDGET_MS = 600;
/** What a post may take beyond the budget on a busy 2-core machine (the database work, the answer). */
const MARGIN_MS = 1500;

let hook: Awaited<ReturnType<typeof moderationHookServer>>;
beforeAll(async () => {
  hook = await moderationHookServer();
});
afterAll(async () => {
  await hook?.close();
});

/**
 * The external moderation hook (issue 25 item 2) against a real HTTP server on 127.0.0.1: what each
 * answer does to the comment, that a failure of any kind fails open within the budget, what is sent
 * and that its signature verifies, and that edits are asked too. The breaker: moderation-hook-breaker.test.ts.
 */
appSuite(
  'moderation hook',
  {
    env: () => ({
      PARLEY_MODERATION_HOOK_URL: hook.url,
      PARLEY_MODERATION_HOOK_SECRET: SECRET,
      PARLEY_MODERATION_HOOK_BUDGET_MS: String(BUDGET_MS),
      // The failures here are one at a time between answers: the breaker is its own file's subject.
      PARLEY_MODERATION_HOOK_BREAKER_FAILURES: '1000',
      // The hook listens on loopback, which the webhooks' address rule refuses without this.
      PARLEY_WEBHOOK_ALLOW_PRIVATE: 'true',
    }),
  },
  (app) => {
    let admin: ApiClient;
    let author: TestUser;
    let slug: string;
    const banned = `bannedword${randomBytes(3).toString('hex')}`;
    const suspect = `suspectword${randomBytes(3).toString('hex')}`;

    beforeAll(async () => {
      admin = await loginAdmin(app);
      await setPostInterval(app, 0);
      const lists = await admin.put('/api/moderation/word-lists', {
        json: { banned: [banned], suspect: [suspect] },
      });
      expect(lists.status).toBe(200);
    });

    beforeEach(async () => {
      author = await createUser(app, { createdAt: new Date(Date.now() - 3 * 86_400_000 - 60_000) });
      slug = (await createStory(app.db, { title: 'Hook story' })).slug;
    });

    /** Posts with the hook answering `reply`; the stored row, the call it made (if any) and how long it took. */
    async function postWith(reply: HookReply, body = uniqueBody(), parentId?: string) {
      hook.reply(reply);
      const before = hook.calls.length;
      const started = performance.now();
      const response = await author.client.post<CreateCommentResponse>(`/api/stories/${slug}/comments`, {
        body,
        parentId,
      });
      const elapsedMs = performance.now() - started;
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      const id = response.body.comment.id;
      const call = hook.calls.slice(before).find((made) => made.request.comment.id === id);
      return { id, status: response.body.comment.status, row: await row(id), call, elapsedMs };
    }

    function row(id: string) {
      return app.db
        .selectFrom('comments')
        .select(['status', 'flags', 'hookReason', 'hookLabels'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    }

    async function outcomeCount(outcome: string): Promise<number> {
      const metric = await app.app.get(Metrics, { strict: false }).moderationHookCalls.get();
      return metric.values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
    }

    it('publish: the comment is published, with the labels kept', async () => {
      const posted = await postWith({ action: 'publish', labels: { toxicity: 0.02 } });
      expect(posted.status).toBe('published');
      expect(posted.row).toMatchObject({ status: 'published', flags: [], hookLabels: { toxicity: 0.02 } });
    });

    it('hold: the comment waits in Pending, and moderators see the reason and labels on its card', async () => {
      const posted = await postWith({
        action: 'hold',
        reason: 'insults a reader',
        labels: { toxicity: 0.93 },
      });
      expect(posted.status).toBe('pending');
      expect(posted.row).toMatchObject({ flags: ['hook'], hookReason: 'insults a reader' });
      const queue = await admin.get<QueuePage>('/api/moderation/queues/pending?limit=100');
      const card = queue.body.items.find((item) => item.comment.id === posted.id);
      expect(card).toMatchObject({
        flags: ['hook'],
        hook: { reason: 'insults a reader', labels: { toxicity: 0.93 } },
      });
    });

    it('reject: the comment is stored rejected with the reason, which the moderation log shows', async () => {
      const posted = await postWith({ action: 'reject', reason: 'spam link farm' });
      expect(posted.status).toBe('rejected');
      expect(posted.row).toMatchObject({ status: 'rejected', flags: ['hook'], hookReason: 'spam link farm' });
      const log = await admin.get<ModerationLogPage>('/api/moderation/log?limit=100');
      expect(log.body.items.find((entry) => entry.commentId === posted.id)).toMatchObject({
        actor: null,
        action: 'auto_reject',
        reason: 'spam link farm',
      });
    });

    it('204: no opinion, the comment goes on as the built-in pipeline decides', async () => {
      const posted = await postWith('no_opinion');
      expect(posted.call).toBeDefined();
      expect(posted.row).toMatchObject({
        status: 'published',
        flags: [],
        hookReason: null,
        hookLabels: null,
      });
    });

    it('the strictest outcome wins: publish lifts no banned word, reject beats a hold', async () => {
      const bannedPost = await postWith({ action: 'publish' }, uniqueBody(`this has ${banned} in it`));
      expect(bannedPost.row).toMatchObject({ status: 'rejected', flags: ['banned_word'] });
      const suspectPost = await postWith({ action: 'reject', reason: 'no' }, uniqueBody(`a ${suspect} here`));
      expect(suspectPost.row).toMatchObject({ status: 'rejected', flags: ['suspect_word', 'hook'] });
      const bannedAndHeld = await postWith({ action: 'hold' }, uniqueBody(`this has ${banned} in it`));
      expect(bannedAndHeld.row).toMatchObject({ status: 'rejected', flags: ['banned_word', 'hook'] });
    });

    it.each<[string, HookReply, string]>([
      ['garbage', 'garbage', 'malformed'],
      ['an error status', { status: 503 }, 'bad_status'],
      ['a redirect (never followed)', { status: 307 }, 'bad_status'],
      ['a dropped connection', 'reset', 'error'],
      ['an answer past the budget', { slowMs: BUDGET_MS + 1500 }, 'timeout'],
      ['no answer at all', 'hang', 'timeout'],
    ])('%s: fails open within the budget, counted', async (_name, reply, outcome) => {
      const counted = await outcomeCount(outcome);
      const posted = await postWith(reply);
      expect(posted.call).toBeDefined();
      expect(posted.row).toMatchObject({
        status: 'published',
        flags: [],
        hookReason: null,
        hookLabels: null,
      });
      expect(posted.elapsedMs).toBeLessThan(BUDGET_MS + MARGIN_MS);
      expect(await outcomeCount(outcome)).toBe(counted + 1);
    });

    it('a slow hook costs the post no more than the budget', async () => {
      const posted = await postWith({ slowMs: 5000 });
      expect(posted.status).toBe('published');
      expect(posted.elapsedMs).toBeGreaterThanOrEqual(BUDGET_MS - 50);
      expect(posted.elapsedMs).toBeLessThan(BUDGET_MS + MARGIN_MS);
    });

    it('sends the comment, the author facts (no email) and the story, signed as webhooks are', async () => {
      // The README's own verifier, as a receiver would run it.
      const verify = await readmeVerifier();
      const parent = await postWith({ action: 'publish' });
      const posted = await postWith({ action: 'publish' }, uniqueBody('A reply'), parent.id);
      const call = posted.call!;
      expect(call.headers['content-type']).toBe('application/json');
      expect(call.headers['x-parley-event']).toBe('comment.created');
      expect(verify(SECRET, call.headers['x-parley-signature'] as string, call.raw)).toBe(true);
      expect(verify('another-secret', call.headers['x-parley-signature'] as string, call.raw)).toBe(false);
      const story = await app.db
        .selectFrom('stories')
        .selectAll()
        .where('slug', '=', slug)
        .executeTakeFirstOrThrow();
      expect(call.request).toEqual({
        event: 'comment.created',
        comment: {
          id: posted.id,
          body: expect.stringMatching(/^A reply /),
          parentId: parent.id,
          createdAt: expect.any(String),
          status: null,
        },
        author: {
          id: author.me.id,
          role: 'reader',
          accountAgeDays: 3,
          comments: { published: 1, approved: 0, pending: 0, rejected: 0, deleted: 0 },
        },
        story: { id: story.id, url: story.url, title: 'Hook story' },
      });
      expect(call.raw).not.toMatch(/email/i);
    });

    it('an edit is asked too: a hold sends it to Pending, and what was said of the old text goes', async () => {
      const posted = await postWith({ action: 'publish', labels: { toxicity: 0.1 } });
      hook.reply({ action: 'hold', reason: 'edited into an insult', labels: { toxicity: 0.88 } });
      const edited = await author.client.patch(`/api/comments/${posted.id}`, { body: uniqueBody('Edited') });
      expect(edited.status).toBe(200);
      const call = hook.calls.at(-1)!;
      expect(call.request).toMatchObject({
        event: 'comment.edited',
        comment: { id: posted.id, body: expect.stringMatching(/^Edited /), status: 'published' },
      });
      expect(call.headers['x-parley-event']).toBe('comment.edited');
      expect(await row(posted.id)).toMatchObject({
        status: 'pending',
        flags: ['hook'],
        hookReason: 'edited into an insult',
        hookLabels: { toxicity: 0.88 },
      });

      hook.reply({ action: 'reject', reason: 'worse' });
      await author.client.patch(`/api/comments/${posted.id}`, { body: uniqueBody('Edited again') });
      expect(await row(posted.id)).toMatchObject({ status: 'rejected', hookReason: 'worse', hookLabels: {} });
    });

    it('an edit the hook has no opinion on keeps its status and drops the old labels', async () => {
      const posted = await postWith({ action: 'publish', labels: { toxicity: 0.1 } });
      hook.reply('garbage');
      const edited = await author.client.patch(`/api/comments/${posted.id}`, { body: uniqueBody('Edited') });
      expect(edited.status).toBe(200);
      expect(await row(posted.id)).toMatchObject({ status: 'published', hookReason: null, hookLabels: null });
    });

    it('staff are not asked, and neither is a post the refusals stop', async () => {
      const before = hook.calls.length;
      const moderator = await createUser(app, { role: 'moderator' });
      hook.reply({ action: 'reject' });
      const staff = await moderator.client.post<CreateCommentResponse>(`/api/stories/${slug}/comments`, {
        body: uniqueBody(),
      });
      expect(staff.body.comment.status).toBe('approved');
      const closed = (await createStory(app.db, { commentsOpen: false })).slug;
      const refused = await author.client.post(`/api/stories/${closed}/comments`, { body: uniqueBody() });
      expect(refused.status).toBe(403);
      expect(hook.calls.length).toBe(before);
    });
  },
);
