import type {
  ApiErrorBody,
  CreateCommentResponse,
  Health,
  QueuePage,
  ToxicitySettings,
} from '@parley/shared';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { Metrics } from '../../src/metrics/metrics.js';
import { inspectModel } from '../../src/toxicity/toxicity-model.js';
import { createStory, createUser, loginAdmin, setPostInterval, type TestUser } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { appSuite } from '../support/suite.js';

const TINY_MODEL_DIR = new URL('../../models/tiny-toxicity/', import.meta.url).pathname;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
/**
 * Texts and their scores under the tiny model (scripts/build-tiny-toxicity-model.mjs): the mean of
 * the tokens' weights, -4 for each word it does not know.
 */
const CLEAN = 'Thanks for this careful piece'; // five unknown words: sigmoid(-4) ≈ 0.02
const STUPID = 'This is stupid'; // (-4 - 4 + 12) / 3: sigmoid(4/3) ≈ 0.79
const IDIOT = 'You idiot'; // (-4 + 24) / 2: sigmoid(10) ≈ 1.00

/**
 * Local toxicity scoring (issue 25 item 1) with the tiny model the repository ships: the model in
 * /api/health, the thresholds in the moderation settings, hold and reject, the nudge and "posted
 * anyway", scores on the cards and Unmoderated sorted by them. The scorer's budget, queue and
 * worker replacement: toxicity-scorer.test.ts.
 */
appSuite('toxicity scoring', { env: { PARLEY_TOXICITY_MODEL_DIR: TINY_MODEL_DIR } }, (app) => {
  let admin: ApiClient;
  let author: TestUser;
  let slug: string;

  beforeAll(async () => {
    admin = await loginAdmin(app);
    await setPostInterval(app, 0);
  });

  beforeEach(async () => {
    author = await createUser(app, { createdAt: new Date(Date.now() - 3 * 86_400_000) });
    slug = (await createStory(app.db, { title: 'Scored story' })).slug;
  });

  async function thresholds(warn: number | null, hold: number | null, reject: number | null) {
    const response = await admin.put<ToxicitySettings>('/api/moderation/toxicity', {
      json: { warn, hold, reject },
    });
    expect(response.status).toBe(200);
    return response.body;
  }

  function post(body: string, postAnyway?: boolean) {
    return author.client.post<CreateCommentResponse & ApiErrorBody>(`/api/stories/${slug}/comments`, {
      body,
      ...(postAnyway !== undefined && { postAnyway }),
    });
  }

  function row(id: string) {
    return app.db
      .selectFrom('comments')
      .select(['status', 'flags', 'toxicityScore', 'toxicityLabels', 'postedAnyway'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  }

  async function card(queue: string, id: string) {
    const page = await admin.get<QueuePage>(`/api/moderation/queues/${queue}?story=${slug}&limit=100`);
    return page.body.items.find((item) => item.comment.id === id);
  }

  it('shows the loaded model, by name and hash, in /api/health and the settings', async () => {
    const { sha256 } = await inspectModel(TINY_MODEL_DIR);
    const health = await admin.get<Health>('/api/health');
    expect(health.body.toxicityModel).toEqual({ name: 'parley/tiny-toxicity', sha256 });
    const settings = await admin.get<ToxicitySettings>('/api/moderation/toxicity');
    expect(settings.body).toMatchObject({ warn: 0.8, hold: 0.9, reject: null, model: { sha256 } });
  });

  it('stores the score and labels of a comment that passes, and shows them on its card', async () => {
    await thresholds(0.8, 0.9, null);
    const scored = await metricCount('scored');
    const response = await post(CLEAN);
    expect(response.status).toBe(201);
    expect(response.body.comment.status).toBe('published');
    const stored = await row(response.body.comment.id);
    expect(stored.toxicityScore).toBeCloseTo(sigmoid(-4), 5);
    expect(stored.toxicityLabels).toEqual({ toxic: expect.any(Number), insult: expect.any(Number) });
    expect((await card('unmoderated', response.body.comment.id))!.toxicity!.score).toBeCloseTo(
      sigmoid(-4),
      5,
    );
    expect(await metricCount('scored')).toBe(scored + 1);
  });

  it('holds a comment over `hold` in Pending, with the reason "toxic (0.79)" in the log', async () => {
    await thresholds(null, 0.75, null);
    const response = await post(STUPID);
    expect(response.body.comment.status).toBe('pending');
    const id = response.body.comment.id;
    expect(await row(id)).toMatchObject({ status: 'pending', flags: ['toxic'] });
    const held = await card('pending', id);
    expect(held).toMatchObject({ flags: ['toxic'], postedAnyway: false });
    expect(held!.toxicity!.score).toBeCloseTo(sigmoid(4 / 3), 5);
    expect(held!.toxicity!.labels.insult).toBeCloseTo(sigmoid(-2 / 3), 5);
    const log = await app.db
      .selectFrom('moderationActions')
      .select(['action', 'reason'])
      .where('commentId', '=', id)
      .executeTakeFirstOrThrow();
    expect(log).toEqual({ action: 'auto_hold', reason: 'toxic (0.79)' });
  });

  it('rejects a comment over `reject` (off by default), and holds the same text when only `hold` is set', async () => {
    await thresholds(null, 0.75, 0.95);
    const rejected = await post(IDIOT);
    expect(rejected.body.comment.status).toBe('rejected');
    expect(await row(rejected.body.comment.id)).toMatchObject({ flags: ['toxic'] });
    await thresholds(null, 0.75, null);
    const held = await post(`${IDIOT}!`);
    expect(held.body.comment.status).toBe('pending');
  });

  it('scores an edit: a clean comment edited into an insult is held', async () => {
    await thresholds(null, 0.75, null);
    const posted = await post(CLEAN);
    expect(posted.body.comment.status).toBe('published');
    const edited = await author.client.patch(`/api/comments/${posted.body.comment.id}`, { body: IDIOT });
    expect(edited.status).toBe(200);
    const stored = await row(posted.body.comment.id);
    expect(stored).toMatchObject({ status: 'pending', flags: ['toxic'] });
    expect(stored.toxicityScore).toBeGreaterThan(0.99);
  });

  it('nudges over `warn`: nothing stored, then "post anyway" stores it and tells moderators', async () => {
    await thresholds(0.5, null, null);
    const warned = await post(STUPID);
    expect(warned.status).toBe(422);
    expect(warned.body).toMatchObject({ code: 'comment/may_break_guidelines', details: { score: 0.79 } });
    const count = () =>
      app.db
        .selectFrom('comments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('authorId', '=', author.me.id)
        .executeTakeFirstOrThrow();
    expect(Number((await count()).n)).toBe(0);

    const anyway = await post(STUPID, true);
    expect(anyway.status).toBe(201);
    expect(anyway.body.comment.status).toBe('published');
    expect(await row(anyway.body.comment.id)).toMatchObject({ postedAnyway: true });
    expect(await card('unmoderated', anyway.body.comment.id)).toMatchObject({ postedAnyway: true });

    // Below `warn`, the flag changes nothing: the author was never warned.
    const clean = await post(CLEAN, true);
    expect(await row(clean.body.comment.id)).toMatchObject({ postedAnyway: false });
  });

  it('does not score staff: their comments are approved as before', async () => {
    await thresholds(0.5, 0.6, 0.7);
    const response = await admin.post<CreateCommentResponse>(`/api/stories/${slug}/comments`, {
      body: IDIOT,
    });
    expect(response.body.comment.status).toBe('approved');
    expect(await row(response.body.comment.id)).toMatchObject({ toxicityScore: null, flags: [] });
  });

  it('sorts Unmoderated by score, highest first and unscored last, page by page', async () => {
    await thresholds(null, null, null);
    const ids: Record<string, string> = {};
    for (const [name, text] of [
      ['clean', CLEAN],
      ['idiot', IDIOT],
      ['stupid', STUPID],
    ] as const) {
      ids[name] = (await post(text)).body.comment.id;
    }
    const url = `/api/moderation/queues/unmoderated?story=${slug}&sort=score&limit=2`;
    const first = await admin.get<QueuePage>(url);
    expect(first.body.items.map((item) => item.comment.id)).toEqual([ids.idiot, ids.stupid]);
    const second = await admin.get<QueuePage>(`${url}&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((item) => item.comment.id)).toEqual([ids.clean]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('refuses thresholds outside 0–1 with a message', async () => {
    const response = await admin.put<ApiErrorBody>('/api/moderation/toxicity', {
      json: { warn: 1.5, hold: null, reject: null },
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/warn.*from 0 to 1/);
  });

  async function metricCount(outcome: string): Promise<number> {
    const metric = await app.app.get(Metrics, { strict: false }).toxicityScores.get();
    return metric.values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
  }
});
