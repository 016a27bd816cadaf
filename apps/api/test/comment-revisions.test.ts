import { randomBytes } from 'node:crypto';
import type { Comment, CommentRevisions, MyDataExport, QueuePage, ThreadPage } from '@parley/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { CommentHistoryService } from '../src/moderation/comment-history.service.js';
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
import { ApiClient, errorOf } from './support/http.js';
import { connectSocket, joined, nextEvent } from './support/sockets.js';
import { appSuite } from './support/suite.js';

/** Issue 21 item 1: every edit keeps the text it replaced; staff read it, readers never do. */
appSuite('comment revisions', { closeSocketsAfterEach: true }, (app) => {
  let admin: ApiClient;
  /** A word only this file holds a comment for, and one it rejects for: set once, per app. */
  const suspect = `hmm${randomBytes(4).toString('hex')}`;
  const banned = `nope${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    admin = await loginAdmin(app);
    await setPostInterval(app, 0);
    const lists = await admin.put('/api/moderation/word-lists', {
      json: { banned: [banned], suspect: [suspect] },
    });
    expect(lists.status).toBe(200);
  }, BOOT_TIMEOUT_MS);

  const revisionsOf = (client: ApiClient, id: string) =>
    client.get<CommentRevisions>(`/api/moderation/comments/${id}/revisions`);
  const edit = (author: TestUser, id: string, body: string) =>
    author.client.patch<Comment>(`/api/comments/${id}`, { body });

  async function authorWithComment(body = 'First words') {
    const story = await createStory(app.db);
    const author = await createUser(app, established());
    const comment = await postComment(author.client, story.slug, { body });
    return { story, author, comment };
  }

  describe(CommentHistoryService.name, () => {
    it('keeps each replaced text, oldest first, with when and by whom, and the current text', async () => {
      const { author, comment } = await authorWithComment('First words');

      const first = await edit(author, comment.id, 'Second words');
      const second = await edit(author, comment.id, 'Third words');
      expect([first.status, second.status]).toEqual([200, 200]);

      const response = await revisionsOf(admin, comment.id);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        commentId: comment.id,
        current: { body: 'Third words', editedAt: second.body.editedAt },
        revisions: [
          {
            id: expect.any(String),
            body: 'First words',
            editedAt: first.body.editedAt,
            editedBy: author.username,
          },
          {
            id: expect.any(String),
            body: 'Second words',
            editedAt: second.body.editedAt,
            editedBy: author.username,
          },
        ],
      });
      const rows = await app.db
        .selectFrom('commentRevisions')
        .select(['editedBy'])
        .where('commentId', '=', comment.id)
        .execute();
      expect(rows).toEqual([{ editedBy: author.me.id }, { editedBy: author.me.id }]);
    });

    it('answers an unknown comment with 404 comment/not_found', async () => {
      const response = await revisionsOf(admin, '00000000-0000-4000-8000-000000000000');
      expect(response.status).toBe(404);
      expect(errorOf(response).code).toBe('comment/not_found');
    });

    it('refuses readers, the author included (403), and anonymous callers (401)', async () => {
      const { author, comment } = await authorWithComment();
      await edit(author, comment.id, 'Changed my mind');
      const stranger = await createUser(app);

      const asAuthor = await revisionsOf(author.client, comment.id);
      const asStranger = await revisionsOf(stranger.client, comment.id);
      const anonymous = await revisionsOf(new ApiClient(app.baseUrl), comment.id);

      expect([asAuthor.status, errorOf(asAuthor).code]).toEqual([403, 'auth/forbidden']);
      expect([asStranger.status, errorOf(asStranger).code]).toEqual([403, 'auth/forbidden']);
      expect([anonymous.status, errorOf(anonymous).code]).toEqual([401, 'auth/unauthenticated']);
    });

    it('keeps the revision of an edit the screen holds, and of one it rejects', async () => {
      const held = await authorWithComment('Calm words');
      const rejected = await authorWithComment('Kind words');

      const holding = await edit(held.author, held.comment.id, `Now ${suspect} words`);
      const rejecting = await edit(rejected.author, rejected.comment.id, `Now ${banned} words`);

      expect(holding.body.status).toBe('pending');
      expect(rejecting.body.status).toBe('rejected');
      expect((await revisionsOf(admin, held.comment.id)).body.revisions).toEqual([
        expect.objectContaining({ body: 'Calm words', editedBy: held.author.username }),
      ]);
      expect((await revisionsOf(admin, rejected.comment.id)).body.revisions).toEqual([
        expect.objectContaining({ body: 'Kind words', editedBy: rejected.author.username }),
      ]);
    });

    it('keeps nothing when an edit is refused', async () => {
      const { author, comment } = await authorWithComment();
      const stranger = await createUser(app);

      const refused = await stranger.client.patch(`/api/comments/${comment.id}`, { body: 'Not mine' });

      expect(refused.status).toBe(403);
      expect(await edit(author, comment.id, '')).toMatchObject({ status: 400 });
      expect((await revisionsOf(admin, comment.id)).body.revisions).toEqual([]);
    });
  });

  describe('what readers see', () => {
    it('shows readers the current text and editedAt only: no revisions, no count, in answers or live events', async () => {
      const { story, author, comment } = await authorWithComment('Something nasty');
      const reader = await connectSocket(app.baseUrl);
      await joined(reader, story.slug);
      const updated = nextEvent(reader, 'comment:updated', (event) => event.id === comment.id);

      const edited = await edit(author, comment.id, 'Something ok');
      const event = await updated;
      const thread = await new ApiClient(app.baseUrl).get<ThreadPage>(`/api/stories/${story.slug}/comments`);
      const single = await new ApiClient(app.baseUrl).get(`/api/comments/${comment.id}`);

      expect(edited.body.editedAt).not.toBeNull();
      for (const seen of [edited.body, event, thread.body, single.body]) {
        const text = JSON.stringify(seen);
        expect(text).not.toContain('Something nasty');
        expect(text).not.toMatch(/revision/i);
      }
      expect(thread.body.items.find((item) => item.id === comment.id)?.body).toBe('Something ok');
    });
  });

  describe('queue cards', () => {
    it('counts the edits on the card, and a new edit updates it live for moderators', async () => {
      const { author, comment } = await authorWithComment();
      await edit(author, comment.id, 'Once');
      const page = await admin.get<QueuePage>('/api/moderation/queues/unmoderated?limit=100');
      expect(page.body.items.find((item) => item.comment.id === comment.id)?.revisionCount).toBe(1);

      const moderator = await connectSocket(app.baseUrl, { cookie: admin.cookie });
      expect((await moderator.timeout(5000).emitWithAck('moderation:join', {})).ok).toBe(true);
      const added = nextEvent(moderator, 'queue:added', (payload) => payload.item.comment.id === comment.id);
      await edit(author, comment.id, 'Twice');

      expect((await added).item).toMatchObject({ revisionCount: 2, comment: { body: 'Twice' } });
    });

    it('shows an unedited comment as edited 0 times', async () => {
      const { comment } = await authorWithComment();
      const page = await admin.get<QueuePage>('/api/moderation/queues/unmoderated?limit=100');
      expect(page.body.items.find((item) => item.comment.id === comment.id)?.revisionCount).toBe(0);
    });
  });

  describe('my data', () => {
    it('exports each comment with the texts its edits replaced', async () => {
      const { author, comment } = await authorWithComment('Draft one');
      const first = await edit(author, comment.id, 'Draft two');
      const second = await edit(author, comment.id, 'Draft three');

      const exported = await author.client.get<MyDataExport>('/api/me/export');

      expect(exported.status).toBe(200);
      expect(exported.body.comments).toEqual([
        expect.objectContaining({
          id: comment.id,
          body: 'Draft three',
          revisions: [
            { body: 'Draft one', editedAt: first.body.editedAt },
            { body: 'Draft two', editedAt: second.body.editedAt },
          ],
        }),
      ]);
    });

    it('erases the revisions with the account', async () => {
      const { author, comment } = await authorWithComment('Words to forget');
      await edit(author, comment.id, 'More words to forget');
      expect((await revisionsOf(admin, comment.id)).body.revisions).toHaveLength(1);

      const deleted = await author.client.delete('/api/me', { json: { password: author.password } });

      expect(deleted.status).toBe(204);
      const left = await app.db
        .selectFrom('commentRevisions')
        .select('body')
        .where('commentId', '=', comment.id)
        .execute();
      expect(left).toEqual([]);
      expect((await revisionsOf(admin, comment.id)).body).toMatchObject({
        current: { body: '' },
        revisions: [],
      });
    });

    it('erases the revisions when the author deletes the comment: its text is gone, so are the earlier ones', async () => {
      const { author, comment } = await authorWithComment('Regretted');
      await edit(author, comment.id, 'Still regretted');
      expect((await revisionsOf(admin, comment.id)).body.revisions).toHaveLength(1);

      expect((await author.client.delete(`/api/comments/${comment.id}`)).status).toBe(204);

      const rows = await app.db
        .selectFrom('commentRevisions')
        .select('id')
        .where('commentId', '=', comment.id)
        .execute();
      expect(rows).toEqual([]);
    });
  });
});
