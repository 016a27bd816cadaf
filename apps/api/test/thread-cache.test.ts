import type { Story } from '@parley/db';
import type { CommentSort, ThreadPage, TokenSignInResponse } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRedisServer, startOwnRedis, type OwnRedis } from './faults/redis-server.js';
import { BOOT_TIMEOUT_MS, startApp, type TestApp } from './support/app.js';
import {
  createStory,
  createUser,
  established,
  loginAdmin,
  postComment,
  uniqueBody,
  type TestUser,
} from './support/factories.js';
import { ApiClient } from './support/http.js';
import { waitFor } from './support/wait.js';

/*
 * The anonymous first-page cache (comments/thread-cache.ts): a reader never sees a page older than
 * a write whose answer they have, on any node. Two in-process nodes share one Postgres database
 * and one Redis prefix; the cache's TTL is a minute, so only the versions can make these pass.
 */
const missing = ['DATABASE_URL', 'REDIS_URL'].filter((name) => !process.env[name]);
if (missing.length > 0 && process.env.CI) {
  throw new Error(`CI must run the thread cache suite: set ${missing.join(' and ')}`);
}

const SORTS: CommentSort[] = ['newest', 'oldest', 'top', 'replies'];
const LONG_TTL = { PARLEY_THREAD_CACHE_TTL_MS: '60000' };

function threadPath(slug: string, sort: CommentSort = 'newest'): string {
  return `/api/stories/${slug}/comments?sort=${sort}`;
}

/** An anonymous reader's first page, as a browser without a cookie gets it. */
async function readAnonymously(node: TestApp, slug: string, sort: CommentSort = 'newest') {
  const response = await new ApiClient(node.baseUrl).get<ThreadPage>(threadPath(slug, sort));
  expect(response.status).toBe(200);
  return response;
}

async function bodies(node: TestApp, slug: string, sort: CommentSort = 'newest'): Promise<string[]> {
  return (await readAnonymously(node, slug, sort)).body.items.map((item) => item.body);
}

/** The same session on another node (sessions live in Postgres). */
function on(node: TestApp, user: { client: ApiClient }): ApiClient {
  const client = new ApiClient(node.baseUrl);
  client.cookie = user.client.cookie;
  return client;
}

describe.skipIf(missing.length > 0)('the anonymous first-page cache across two nodes', () => {
  let nodeA: TestApp | undefined;
  let nodeB: TestApp | undefined;
  const A = () => nodeA!;
  const B = () => nodeB!;

  beforeAll(async () => {
    nodeA = await startApp({ engine: 'postgres', redis: true, env: LONG_TTL });
    nodeB = await startApp({ engine: 'postgres', joinTo: nodeA, env: LONG_TTL });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await nodeB?.close();
    await nodeA?.close();
  });

  /** A story whose first pages node B has cached (every sort), with one comment in it. */
  async function cachedStory(): Promise<{ story: Story; author: TestUser; first: string }> {
    const story = await createStory(A().db);
    const author = await createUser(A());
    const first = await postComment(author.client, story.slug, { body: uniqueBody('First') });
    for (const sort of SORTS) {
      await readAnonymously(B(), story.slug, sort);
      expect(await bodies(B(), story.slug, sort)).toContain(first.body);
    }
    return { story, author, first: first.id };
  }

  it('serves a page from the cache until something changes it (a change the app did not make stays unseen)', async () => {
    const { story, first } = await cachedStory();
    await A()
      .db.updateTable('comments')
      .set({ body: 'changed behind the app' })
      .where('id', '=', first)
      .execute();
    expect(await bodies(B(), story.slug)).not.toContain('changed behind the app');
  });

  it('shows a comment posted on node A in every sort of node B’s first page at once', async () => {
    const { story } = await cachedStory();
    const author = await createUser(A());
    const posted = await postComment(on(A(), author), story.slug, { body: uniqueBody('Posted on A') });
    for (const sort of SORTS) expect(await bodies(B(), story.slug, sort)).toContain(posted.body);
  });

  it('shows an edit, and a delete, made on node A', async () => {
    const { story, author, first } = await cachedStory();
    const body = uniqueBody('Edited on A');
    expect((await on(A(), author).patch(`/api/comments/${first}`, { body })).status).toBe(200);
    expect(await bodies(B(), story.slug)).toContain(body);

    expect((await on(A(), author).delete(`/api/comments/${first}`)).status).toBe(204);
    expect((await readAnonymously(B(), story.slug)).body.items.map((item) => item.id)).not.toContain(first);
  });

  it('shows a moderator’s decision made on node A', async () => {
    const { story, first } = await cachedStory();
    const admin = await loginAdmin(A());
    expect((await admin.post(`/api/moderation/comments/${first}/reject`, { reason: 'spam' })).status).toBe(
      200,
    );
    expect((await readAnonymously(B(), story.slug)).body.items.map((item) => item.id)).not.toContain(first);
  });

  it('shows a reaction made on node A', async () => {
    const { story, first } = await cachedStory();
    const reader = await createUser(A());
    expect((await on(A(), reader).put(`/api/comments/${first}/reactions/like`)).status).toBe(200);
    const item = (await readAnonymously(B(), story.slug)).body.items.find((each) => each.id === first);
    expect(item?.reactions.like).toBe(1);
  });

  it('hides a comment held by a report filed on node A', async () => {
    const { story, first } = await cachedStory();
    // A staff member's report holds at once.
    const moderator = await createUser(A(), { role: 'moderator', ...established() });
    const report = await on(A(), moderator).post(`/api/comments/${first}/reports`, { reason: 'spam' });
    expect(report.status).toBe(201);
    expect((await readAnonymously(B(), story.slug)).body.items.map((item) => item.id)).not.toContain(first);
  });

  it('shows an author’s new role, changed on node A, on node B', async () => {
    const { story, author, first } = await cachedStory();
    const admin = await loginAdmin(A());
    expect(
      (await admin.post(`/api/moderation/users/${author.me.id}/role`, { role: 'moderator' })).status,
    ).toBe(200);
    const item = (await readAnonymously(B(), story.slug)).body.items.find((each) => each.id === first);
    expect(item?.author?.role).toBe('moderator');
  });

  it('answers 304 to a current ETag on either node, and 200 with a new ETag after a write', async () => {
    const { story } = await cachedStory();
    const first = await readAnonymously(B(), story.slug);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    for (const node of [A(), B()]) {
      const again = await new ApiClient(node.baseUrl).get(threadPath(story.slug), {
        headers: { 'if-none-match': etag! },
      });
      expect(again.status).toBe(304);
      expect(again.body).toBeUndefined();
    }
    // Another sort is another page: its ETag differs.
    expect((await readAnonymously(B(), story.slug, 'oldest')).headers.get('etag')).not.toBe(etag);

    await postComment((await createUser(A())).client, story.slug);
    const changed = await new ApiClient(B().baseUrl).get<ThreadPage>(threadPath(story.slug), {
      headers: { 'if-none-match': etag! },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(changed.body.items).toHaveLength(2);
  });

  it('gives deeper pages a version ETag too, and signed-in readers a private one of their own', async () => {
    const story = await createStory(A().db);
    for (let i = 0; i < 3; i++) await postComment((await createUser(A())).client, story.slug);
    const first = await new ApiClient(B().baseUrl).get<ThreadPage>(`${threadPath(story.slug)}&limit=2`);
    const cursor = first.body.nextCursor!;
    const deepPath = `${threadPath(story.slug)}&limit=2&cursor=${encodeURIComponent(cursor)}`;
    const deep = await new ApiClient(B().baseUrl).get<ThreadPage>(deepPath);
    expect(deep.body.items).toHaveLength(1);
    const deepTag = deep.headers.get('etag')!;
    expect(deepTag).not.toBe(first.headers.get('etag'));
    const notModified = await new ApiClient(A().baseUrl).get(deepPath, {
      headers: { 'if-none-match': deepTag },
    });
    expect(notModified.status).toBe(304);

    const reader = await createUser(A());
    const signedIn = await on(B(), reader).get<ThreadPage>(threadPath(story.slug));
    expect(signedIn.headers.get('cache-control')).toBe('private, no-cache');
    const signedInTag = signedIn.headers.get('etag')!;
    expect(signedInTag).toBeTruthy();
    const again = await on(B(), reader).get(threadPath(story.slug), {
      headers: { 'if-none-match': signedInTag },
    });
    expect(again.status).toBe(304);
    // Their own like changes their page (viewerReacted), so their ETag moves.
    const top = signedIn.body.items[0]!;
    await on(A(), reader).put(`/api/comments/${top.id}/reactions/like`);
    const afterLike = await on(B(), reader).get<ThreadPage>(threadPath(story.slug), {
      headers: { 'if-none-match': signedInTag },
    });
    expect(afterLike.status).toBe(200);
    expect(afterLike.body.items[0]!.viewerReacted).toBe(true);
  });

  it('varies on Cookie and Authorization, and never gives a bearer reader the anonymous page or its ETag', async () => {
    const story = await createStory(A().db);
    const author = await createUser(A());
    const top = await postComment(author.client, story.slug);
    const reader = await createUser(A());
    const signedIn = await new ApiClient(B().baseUrl).post<TokenSignInResponse>('/api/auth/login', {
      username: reader.username,
      password: reader.password,
      token: true,
    });
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    const bearer = { authorization: `Bearer ${signedIn.body.token}` };
    await on(A(), reader).put(`/api/comments/${top.id}/reactions/like`);

    const anonymous = await readAnonymously(B(), story.slug);
    const vary = (anonymous.headers.get('vary') ?? '').toLowerCase().split(/\s*,\s*/);
    expect(vary).toEqual(expect.arrayContaining(['cookie', 'authorization']));
    const anonymousTag = anonymous.headers.get('etag')!;
    expect(anonymous.body.items[0]!.viewerReacted).toBe(false);

    for (const node of [A(), B()]) {
      // With the anonymous page's ETag in hand, a bearer reader still gets their own page.
      const page = await new ApiClient(node.baseUrl).get<ThreadPage>(threadPath(story.slug), {
        headers: { ...bearer, 'if-none-match': anonymousTag },
      });
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('private, no-cache');
      expect(page.headers.get('etag')).not.toBe(anonymousTag);
      expect(page.body.items[0]!.viewerReacted).toBe(true);
    }
  });
});

describe.skipIf(missing.length > 0)('the first-page cache’s TTL backstop', () => {
  const TTL_MS = 2000;
  let node: TestApp | undefined;

  beforeAll(async () => {
    node = await startApp({
      engine: 'postgres',
      redis: true,
      env: { PARLEY_THREAD_CACHE_TTL_MS: String(TTL_MS) },
    });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await node?.close();
  });

  it('drops a cached page after the TTL even when no write told it to', async () => {
    const story = await createStory(node!.db);
    const comment = await postComment((await createUser(node!)).client, story.slug);
    // Twice: the very first read of a prefix starts its versions and goes without the cache.
    await bodies(node!, story.slug);
    await bodies(node!, story.slug);
    const warmed = Date.now();
    await node!.db
      .updateTable('comments')
      .set({ body: 'changed behind the app' })
      .where('id', '=', comment.id)
      .execute();
    const early = await bodies(node!, story.slug);
    // Served from the cache while young (the version did not move), when this machine is quick enough to tell…
    if (Date.now() - warmed < TTL_MS / 2) expect(early).toContain(comment.body);
    // …and no longer once the TTL has passed.
    await waitFor(
      async () => (await bodies(node!, story.slug)).includes('changed behind the app'),
      'the TTL',
      {
        timeoutMs: TTL_MS + 10_000,
      },
    );
  });
});

describe.skipIf(!process.env.DATABASE_URL || !hasRedisServer())('the first-page cache without Redis', () => {
  let redis: OwnRedis | undefined;
  let node: TestApp | undefined;

  beforeAll(async () => {
    redis = await startOwnRedis();
    node = await startApp({
      engine: 'postgres',
      redis: true,
      env: { REDIS_URL: redis.url, PARLEY_REDIS_PREFIX: 'thread-cache-test', ...LONG_TTL },
    });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await node?.close();
    await redis?.kill();
  });

  it('bypasses the cache while Redis is down (fresh pages, no ETag from a version), then uses it again', async () => {
    const story = await createStory(node!.db);
    const comment = await postComment((await createUser(node!)).client, story.slug);
    await bodies(node!, story.slug);
    await bodies(node!, story.slug);
    await redis!.kill();

    await node!.db
      .updateTable('comments')
      .set({ body: 'changed while Redis was down' })
      .where('id', '=', comment.id)
      .execute();
    const started = Date.now();
    // The first read may wait for one command timeout (1 s) before the outage is known.
    expect(await bodies(node!, story.slug)).toContain('changed while Redis was down');
    const bypassed = await readAnonymously(node!, story.slug);
    expect(Date.now() - started).toBeLessThan(3000);
    // Express's own body-hash ETag (weak), not one resting on a version nobody can check.
    expect(bypassed.headers.get('etag')).toMatch(/^W\//);
    const posted = await postComment((await createUser(node!)).client, story.slug);
    expect(await bodies(node!, story.slug)).toContain(posted.body);

    await redis!.start();
    await waitFor(
      async () => !(await readAnonymously(node!, story.slug)).headers.get('etag')?.startsWith('W/'),
      'the cache back after Redis',
      { timeoutMs: 15_000 },
    );
    expect(await bodies(node!, story.slug)).toContain(posted.body);
  });
});
