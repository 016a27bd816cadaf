import type { MyDataExport, ModerationLogPage } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clock } from '../src/common/clock.js';
import { OutboxWorker } from '../src/outbox/outbox.worker.js';
import { BOOT_TIMEOUT_MS, setupTable, startApp, type TestApp } from './support/app.js';
import {
  createArticle,
  createUser,
  established,
  loginAdmin,
  postComment,
  registerUser,
  setPostInterval,
} from './support/factories.js';
import { errorOf, type ApiClient } from './support/http.js';
import { waitFor } from './support/wait.js';

describe.each(setupTable())('my data over %s', (_label, setup) => {
  let testApp: TestApp;
  let admin: ApiClient;

  beforeAll(async () => {
    testApp = await startApp({ ...setup, env: { PARLEY_OUTBOX_POLL_MS: '50' } });
    admin = await loginAdmin(testApp);
    // Authors here post twice in a row; the interval has its own tests.
    await setPostInterval(testApp, 0);
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await testApp?.close();
  });

  const commentCount = async (articleId: string) =>
    (
      await testApp.db
        .selectFrom('articles')
        .select('commentCount')
        .where('id', '=', articleId)
        .executeTakeFirstOrThrow()
    ).commentCount;

  it('exports my account, comments with their stories, reactions and reports as a download', async () => {
    const article = await createArticle(testApp.db, { title: 'The export story' });
    const me = await createUser(testApp, established());
    const other = await createUser(testApp, established());
    const mine = await postComment(me.client, article.slug, { body: 'My own words' });
    const theirs = await postComment(other.client, article.slug);
    expect((await me.client.put(`/api/comments/${theirs.id}/reactions/like`)).status).toBeLessThan(300);
    expect(
      (await me.client.post(`/api/comments/${theirs.id}/reports`, { reason: 'spam' })).status,
    ).toBeLessThan(300);

    const response = await me.client.get<MyDataExport>('/api/me/export');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('attachment');
    expect(response.body.account).toMatchObject({ id: me.me.id, username: me.username });
    expect(response.body.comments).toEqual([
      expect.objectContaining({
        id: mine.id,
        body: 'My own words',
        story: { slug: article.slug, title: 'The export story', url: `/articles/${article.slug}` },
        url: `/comments/${mine.id}`,
      }),
    ]);
    expect(response.body.reactions).toEqual([
      expect.objectContaining({ commentId: theirs.id, kind: 'like' }),
    ]);
    expect(response.body.reports).toEqual([
      expect.objectContaining({ commentId: theirs.id, reason: 'spam' }),
    ]);
    expect(JSON.stringify(response.body)).not.toContain(other.username);
  });

  it('deletes my account with my password: placeholders, replies kept, sessions ended, username freed after 30 days', async () => {
    const article = await createArticle(testApp.db);
    const me = await registerUser(testApp, { displayName: 'Leaving Soon' });
    await testApp.db.updateTable('users').set(established()).where('id', '=', me.me.id).execute();
    const other = await createUser(testApp, established());
    const mine = await postComment(me.client, article.slug, { body: 'I will be gone' });
    const reply = await postComment(other.client, article.slug, { parentId: mine.id });
    const theirs = await postComment(other.client, article.slug);
    expect((await me.client.put(`/api/comments/${theirs.id}/reactions/like`)).status).toBeLessThan(300);
    expect(await commentCount(article.id)).toBe(3);
    const secondTab = me.client.clone();

    const wrong = await me.client.delete('/api/me', { json: { password: 'not-my-password' } });
    expect(wrong.status).toBe(403);
    expect(errorOf(wrong).code).toBe('account/confirmation_failed');
    expect((await me.client.get('/api/auth/me')).status).toBe(200);

    const deleted = await me.client.delete('/api/me', { json: { password: me.password } });
    expect(deleted.status).toBe(204);

    expect((await secondTab.get('/api/auth/me')).status, 'every session ended').toBe(401);
    const row = await testApp.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', me.me.id)
      .executeTakeFirstOrThrow();
    expect(row.displayName).not.toContain('Leaving');
    expect(row.deletedAt).toBeInstanceOf(Date);
    const placeholder = await testApp.db
      .selectFrom('comments')
      .select(['status', 'body'])
      .where('id', '=', mine.id)
      .executeTakeFirstOrThrow();
    expect(placeholder).toEqual({ status: 'deleted', body: '' });
    const kept = await testApp.db
      .selectFrom('comments')
      .select('status')
      .where('id', '=', reply.id)
      .executeTakeFirstOrThrow();
    expect(kept.status).toBe('published');
    expect(await commentCount(article.id), 'my comment no longer counts').toBe(2);
    const reactions = await testApp.db
      .selectFrom('comments')
      .select('reactionCount')
      .where('id', '=', theirs.id)
      .executeTakeFirstOrThrow();
    expect(reactions.reactionCount).toBe(0);
    expect(
      (await registerUser(testApp, { username: me.username }).catch((error: Error) => error)) instanceof
        Error,
    ).toBe(true);
    expect((await login(me.username, me.password)).status, 'the old password is gone').toBe(401);

    testApp.app.get(Clock).advance(31 * 24 * 3600_000);
    testApp.app.get(OutboxWorker).wake();
    await waitFor(async () => {
      const renamed = await testApp.db
        .selectFrom('users')
        .select('username')
        .where('id', '=', me.me.id)
        .executeTakeFirstOrThrow();
      return renamed.username !== me.username;
    }, 'the username to be freed');
    const again = await registerUser(testApp, { username: me.username });
    expect(again.me.id).not.toBe(me.me.id);
  });

  async function login(username: string, password: string) {
    const { ApiClient } = await import('./support/http.js');
    return new ApiClient(testApp.baseUrl).post('/api/auth/login', { username, password });
  }

  it('lets an admin delete an account, logged, but not an admin', async () => {
    const target = await createUser(testApp, established());
    const article = await createArticle(testApp.db);
    await postComment(target.client, article.slug);

    expect((await admin.delete(`/api/moderation/users/${target.me.id}`)).status).toBe(204);
    expect((await target.client.get('/api/auth/me')).status).toBe(401);
    const log = await admin.get<ModerationLogPage>('/api/moderation/log?limit=10');
    expect(log.body.items).toContainEqual(
      expect.objectContaining({ action: 'delete_account', userId: target.me.id }),
    );
    expect(await commentCount(article.id)).toBe(0);

    const { id: adminId } = await testApp.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .executeTakeFirstOrThrow();
    const refused = await admin.delete(`/api/moderation/users/${adminId}`);
    expect(errorOf(refused).code).toBe('moderation/protected_user');
    expect((await admin.delete(`/api/moderation/users/${target.me.id}`)).status, 'already deleted').toBe(404);
  });

  it('refuses a deletion request without a confirmation, and an SSO token without a verifier', async () => {
    const me = await createUser(testApp, established());
    expect((await me.client.delete('/api/me', { json: {} })).status).toBe(400);
    const sso = await me.client.delete('/api/me', { json: { ssoToken: 'a.b.c' } });
    expect(errorOf(sso).code).toBe('account/confirmation_failed');
    expect((await me.client.get('/api/auth/me')).status).toBe(200);
  });
});
