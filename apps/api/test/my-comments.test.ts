import { FIELD_MESSAGES } from '@parley/shared';
import type { MyCommentPage } from '@parley/shared';
import { beforeAll, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS } from './support/app.js';
import {
  createStory,
  createUser,
  established,
  loginAdmin,
  postComment,
  setPostInterval,
  type TestUser,
} from './support/factories.js';
import { errorOf, type ApiClient } from './support/http.js';
import { appSuite } from './support/suite.js';

/** Issue 23: a reader's own comments across stories, with what became of each (`GET /api/me/comments`). */
appSuite('my comments', (testApp) => {
  let admin: ApiClient;
  beforeAll(async () => {
    admin = await loginAdmin(testApp);
    await setPostInterval(testApp, 0);
  }, BOOT_TIMEOUT_MS);

  const mine = async (user: TestUser, query = '') => {
    const response = await user.client.get<MyCommentPage>(`/api/me/comments${query}`);
    expect(response.status).toBe(200);
    return response.body;
  };

  it('lists my comments across stories, newest first, with held and rejected ones and the reason', async () => {
    const author = await createUser(testApp, established());
    const stranger = await createUser(testApp, established());
    const open = await createStory(testApp.db, { title: 'An open story' });
    const held = await createStory(testApp.db, { title: 'A held story', premod: 'all' });
    const published = await postComment(author.client, open.slug, { body: 'Out in the open' });
    const pending = await postComment(author.client, held.slug, { body: 'Waiting for a moderator' });
    const rejected = await postComment(author.client, held.slug, { body: 'Not for this page' });
    const decision = await admin.post(`/api/moderation/comments/${rejected.id}/reject`, {
      reason: 'off_topic',
    });
    expect(decision.status).toBe(200);

    const page = await mine(author);

    expect(page.items.map((comment) => [comment.body, comment.status, comment.rejectionReason])).toEqual([
      ['Not for this page', 'rejected', 'off_topic'],
      ['Waiting for a moderator', 'pending', null],
      ['Out in the open', 'published', null],
    ]);
    expect(page.items[2]!.story).toEqual({ slug: open.slug, title: 'An open story' });
    expect(page.items[2]!.url).toBe(`/comments/${published.id}`);
    expect(page.nextCursor).toBeNull();
    // Nobody else sees them: a stranger's own list is theirs alone.
    expect((await mine(stranger)).items).toEqual([]);
    expect(page.items[1]!.id).toBe(pending.id);
  });

  it('narrows to one status, says when a rejection was automatic, and leaves deleted comments out', async () => {
    const author = await createUser(testApp, established());
    const story = await createStory(testApp.db);
    const kept = await postComment(author.client, story.slug, { body: 'Kept' });
    const gone = await postComment(author.client, story.slug, { body: 'Deleted later' });
    expect((await author.client.delete(`/api/comments/${gone.id}`)).status).toBeLessThan(300);
    const screened = await postComment(author.client, story.slug, { body: 'Screened out' });
    await testApp.db
      .updateTable('comments')
      .set({ status: 'rejected' })
      .where('id', '=', screened.id)
      .execute();
    await testApp.db
      .insertInto('moderationActions')
      .values({ actorId: null, action: 'auto_reject', commentId: screened.id, userId: author.me.id })
      .execute();

    expect((await mine(author)).items.map((comment) => comment.id)).toEqual([screened.id, kept.id]);
    expect((await mine(author, '?status=rejected')).items).toEqual([
      expect.objectContaining({ id: screened.id, rejectionReason: 'automatic' }),
    ]);
    expect((await mine(author, '?status=visible')).items.map((comment) => comment.id)).toEqual([kept.id]);
    expect((await mine(author, '?status=pending')).items).toEqual([]);
  });

  it('pages with a cursor and refuses one that is not valid', async () => {
    const author = await createUser(testApp, established());
    const story = await createStory(testApp.db);
    const posted = [];
    for (let index = 0; index < 3; index++) posted.push(await postComment(author.client, story.slug));

    const first = await mine(author, '?limit=2');
    const second = await mine(author, `?limit=2&cursor=${first.nextCursor}`);

    expect([...first.items, ...second.items].map((comment) => comment.id)).toEqual(
      posted.map((comment) => comment.id).reverse(),
    );
    expect(second.nextCursor).toBeNull();
    const bad = await author.client.get('/api/me/comments?cursor=nonsense');
    expect(bad.status).toBe(400);
    expect(errorOf(bad).fields).toEqual({ cursor: FIELD_MESSAGES.cursorNotValid });
  });
});
