import type { CommentStatus } from '@parley/db';
import type {
  Ack,
  ModerationLogPage,
  ModeratorNote,
  ModeratorNotePage,
  MyDataExport,
  PersonCommentPage,
  PersonProfile,
  QueueCounts,
} from '@parley/shared';
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { NOTES_PER_WINDOW } from '../src/people/moderator-notes.service.js';
import {
  createStory,
  createUser,
  insertComment,
  loginAdmin,
  uniqueBody,
  type TestUser,
} from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';
import { connectSocket, nextEvent, type ClientSocket } from './support/sockets.js';
import { appSuite } from './support/suite.js';

appSuite('the person behind a comment', { closeSocketsAfterEach: true }, (app) => {
  let admin: ApiClient;
  let moderator: TestUser;

  beforeAll(async () => {
    admin = await loginAdmin(app);
    moderator = await createUser(app, { role: 'moderator' });
  });

  /** A comment of `author` straight in the database, `secondsAgo` old. */
  async function comment(
    author: TestUser,
    storyId: string,
    status: CommentStatus,
    secondsAgo: number,
  ): Promise<string> {
    const createdAt = new Date(Date.now() - secondsAgo * 1000);
    return insertComment(app.db, {
      storyId,
      authorId: author.me.id,
      status,
      body: uniqueBody(status),
      createdAt,
    });
  }

  async function report(commentId: string, reporter: TestUser, resolved = false): Promise<void> {
    await app.db
      .insertInto('reports')
      .values({
        commentId,
        reporterId: reporter.me.id,
        reason: 'spam',
        resolvedAt: resolved ? new Date() : null,
      })
      .execute();
  }

  async function moderationSocket(client: ApiClient): Promise<ClientSocket> {
    const socket = await connectSocket(app.baseUrl, { cookie: client.cookie });
    const ack: Ack<QueueCounts> = await socket.timeout(5000).emitWithAck('moderation:join', {});
    expect(ack.ok).toBe(true);
    return socket;
  }

  it('answers with the account, its comments by status, reports made and received, and sanctions by whom', async () => {
    const person = await createUser(app);
    const other = await createUser(app);
    await app.db
      .updateTable('users')
      .set({ email: 'person@example.org', emailVerifiedAt: new Date() })
      .where('id', '=', person.me.id)
      .execute();
    const story = await createStory(app.db);
    const reported = await comment(person, story.id, 'published', 50);
    await comment(person, story.id, 'published', 40);
    await comment(person, story.id, 'rejected', 30);
    await comment(person, story.id, 'pending', 20);
    await report(reported, other);
    await report(reported, moderator, true);
    await report(await comment(other, story.id, 'published', 10), person);

    expect(
      (await moderator.client.post(`/api/moderation/users/${person.me.id}/premod`, { on: true })).status,
    ).toBe(200);
    // A minute back, so the history's order cannot hinge on two entries in one millisecond.
    await app.db
      .updateTable('moderationActions')
      .set({ createdAt: new Date(Date.now() - 60_000) })
      .where('userId', '=', person.me.id)
      .execute();
    const suspended = await moderator.client.post(`/api/moderation/users/${person.me.id}/suspend`, {
      hours: 24,
    });
    expect(suspended.status).toBe(200);

    const response = await moderator.client.get<PersonProfile>(`/api/moderation/users/${person.me.id}`);
    expect(response.status).toBe(200);
    const sut = response.body;
    expect(sut).toMatchObject({
      id: person.me.id,
      username: person.username,
      role: 'reader',
      status: 'suspended',
      alwaysPremod: true,
      deleted: false,
      signIn: 'password',
      hasEmail: true,
      emailConfirmed: true,
      comments: { published: 2, pending: 1, approved: 0, rejected: 1, deleted: 0 },
      reports: { made: 1, madeOpen: 1, received: 2, receivedOpen: 1 },
      noteCount: 0,
    });
    expect(sut.suspendedUntil).not.toBeNull();
    // Moderators learn that an address is confirmed, never the address.
    expect(sut.email).toBeNull();
    expect(JSON.stringify(sut)).not.toContain('person@example.org');
    expect(sut.sanctions.map(({ action, actor }) => [action, actor])).toEqual([
      ['suspend', moderator.username],
      ['premod_on', moderator.username],
    ]);
    expect(sut.sanctions[0]).toMatchObject({ hours: 24, until: sut.suspendedUntil });

    const asAdmin = await admin.get<PersonProfile>(`/api/moderation/users/${person.me.id}`);
    expect(asAdmin.body.email).toBe('person@example.org');
  });

  it('tells an account that signs in through the host site from a password account, and a ban with its reason', async () => {
    const person = await createUser(app);
    await app.db
      .updateTable('users')
      .set({ ssoSubject: `sub-${randomUUID()}` })
      .where('id', '=', person.me.id)
      .execute();
    const banned = await moderator.client.post(`/api/moderation/users/${person.me.id}/ban`, {
      reason: 'Spam on every story',
    });
    expect(banned.status).toBe(200);

    const { body } = await moderator.client.get<PersonProfile>(`/api/moderation/users/${person.me.id}`);

    expect(body).toMatchObject({
      signIn: 'sso',
      status: 'banned',
      banReason: 'Spam on every story',
      hasEmail: false,
    });
    expect(body.sanctions[0]).toMatchObject({
      action: 'ban',
      actor: moderator.username,
      reason: 'Spam on every story',
    });
  });

  it('refuses an unknown person (404) and an address that is no id (400)', async () => {
    const unknown = await moderator.client.get(`/api/moderation/users/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe('moderation/user_not_found');
    for (const path of ['comments', 'notes']) {
      const missing = await moderator.client.get(`/api/moderation/users/${randomUUID()}/${path}`);
      expect(errorOf(missing).code, path).toBe('moderation/user_not_found');
    }
    const invalid = await moderator.client.get('/api/moderation/users/not-an-id');
    expect(invalid.status).toBe(400);
    expect(errorOf(invalid).code).toBe('request/invalid');
  });

  it('refuses readers and anonymous visitors', async () => {
    const reader = await createUser(app);
    const target = await createUser(app);
    for (const path of ['', '/comments', '/notes']) {
      const asReader = await reader.client.get(`/api/moderation/users/${target.me.id}${path}`);
      expect(asReader.status, path).toBe(403);
    }
    const note = await reader.client.post(`/api/moderation/users/${target.me.id}/notes`, { body: 'Sneaky' });
    expect(note.status).toBe(403);
    const anonymous = new ApiClient(app.baseUrl);
    expect((await anonymous.get(`/api/moderation/users/${target.me.id}`)).status).toBe(401);
    const rows = await app.db.selectFrom('moderatorNotes').where('userId', '=', target.me.id).execute();
    expect(rows).toEqual([]);
  });

  it('lists their comments on every story newest first, filtered by status, page by page', async () => {
    const person = await createUser(app);
    const first = await createStory(app.db, { title: 'First story' });
    const second = await createStory(app.db, { title: 'Second story' });
    const oldest = await comment(person, first.id, 'published', 40);
    const rejected = await comment(person, second.id, 'rejected', 30);
    const pending = await comment(person, first.id, 'pending', 20);
    const newest = await comment(person, second.id, 'approved', 10);
    const path = `/api/moderation/users/${person.me.id}/comments`;

    const page1 = await moderator.client.get<PersonCommentPage>(`${path}?limit=2`);
    expect(page1.status).toBe(200);
    expect(page1.body.items.map(({ id }) => id)).toEqual([newest, pending]);
    expect(page1.body.items[0]!.story).toEqual({ id: second.id, slug: second.slug, title: 'Second story' });
    const page2 = await moderator.client.get<PersonCommentPage>(
      `${path}?limit=2&cursor=${page1.body.nextCursor}`,
    );
    expect(page2.body.items.map(({ id }) => id)).toEqual([rejected, oldest]);
    expect(page2.body.nextCursor).toBeNull();

    const onlyRejected = await moderator.client.get<PersonCommentPage>(`${path}?status=rejected`);
    expect(onlyRejected.body.items.map(({ id, status }) => [id, status])).toEqual([[rejected, 'rejected']]);

    const badStatus = await moderator.client.get(`${path}?status=hidden`);
    expect(badStatus.status).toBe(400);
    expect(errorOf(badStatus).fields).toHaveProperty('status');
    const badCursor = await moderator.client.get(`${path}?cursor=bm9wZQ`);
    expect(badCursor.status).toBe(400);
    expect(errorOf(badCursor).message).toMatch(/cursor/);
  });

  it('keeps notes by author and time, writes each to the moderation log, and tells the other moderators at once', async () => {
    const person = await createUser(app);
    const watcher = await moderationSocket(admin);
    const announced = nextEvent(watcher, 'note:added', ({ note }) => note.userId === person.me.id);

    const created = await moderator.client.post<ModeratorNote>(
      `/api/moderation/users/${person.me.id}/notes`,
      {
        body: '  Warned by email about links to the casino site.  ',
      },
    );

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      userId: person.me.id,
      body: 'Warned by email about links to the casino site.',
      author: { id: moderator.me.id, username: moderator.username },
    });
    expect((await announced).note).toEqual(created.body);
    // A minute older, so "newest first" cannot hinge on two notes written in one millisecond.
    await app.db
      .updateTable('moderatorNotes')
      .set({ createdAt: new Date(Date.now() - 60_000) })
      .where('id', '=', created.body.id)
      .execute();
    const second = await admin.post<ModeratorNote>(`/api/moderation/users/${person.me.id}/notes`, {
      body: 'Second note',
    });
    const listed = await moderator.client.get<ModeratorNotePage>(
      `/api/moderation/users/${person.me.id}/notes`,
    );
    expect(listed.body.items.map(({ id }) => id)).toEqual([second.body.id, created.body.id]);
    const profile = await moderator.client.get<PersonProfile>(`/api/moderation/users/${person.me.id}`);
    expect(profile.body.noteCount).toBe(2);
    const firstPage = await moderator.client.get<ModeratorNotePage>(
      `/api/moderation/users/${person.me.id}/notes?limit=1`,
    );
    expect(firstPage.body.items.map(({ id }) => id)).toEqual([second.body.id]);
    const secondPage = await moderator.client.get<ModeratorNotePage>(
      `/api/moderation/users/${person.me.id}/notes?limit=1&cursor=${firstPage.body.nextCursor}`,
    );
    expect(secondPage.body.items.map(({ id }) => id)).toEqual([created.body.id]);
    expect(secondPage.body.nextCursor).toBeNull();
    const badCursor = await moderator.client.get(`/api/moderation/users/${person.me.id}/notes?cursor=x`);
    expect(badCursor.status).toBe(400);

    const log = await admin.get<ModerationLogPage>('/api/moderation/log?limit=10');
    const entry = log.body.items.find(
      (item) => item.userId === person.me.id && item.actor === moderator.username,
    );
    expect(entry).toMatchObject({ action: 'user_note', username: person.username });
    const row = await app.db
      .selectFrom('moderationActions')
      .select('details')
      .where('id', '=', entry!.id)
      .executeTakeFirstOrThrow();
    expect(row.details).toEqual({
      noteId: created.body.id,
      body: 'Warned by email about links to the casino site.',
    });
  });

  it('refuses an empty or overlong note, or one about nobody, and stores nothing', async () => {
    const person = await createUser(app);
    const path = `/api/moderation/users/${person.me.id}/notes`;
    for (const body of [{}, { body: '   ' }, { body: 'x'.repeat(2001) }, { body: 42 }]) {
      const response = await moderator.client.post(path, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(errorOf(response).fields, JSON.stringify(body)).toHaveProperty('body');
    }
    const nobody = await moderator.client.post(`/api/moderation/users/${randomUUID()}/notes`, {
      body: 'Hello',
    });
    expect(errorOf(nobody).code).toBe('moderation/user_not_found');
    const rows = await app.db.selectFrom('moderatorNotes').where('userId', '=', person.me.id).execute();
    expect(rows).toEqual([]);
  });

  it(`limits one moderator to ${NOTES_PER_WINDOW} notes at a time`, async () => {
    const busy = await createUser(app, { role: 'moderator' });
    const person = await createUser(app);
    for (let index = 0; index < NOTES_PER_WINDOW; index++) {
      const response = await busy.client.post(`/api/moderation/users/${person.me.id}/notes`, {
        body: `Note ${index}`,
      });
      expect(response.status).toBe(201);
    }
    const refused = await busy.client.post(`/api/moderation/users/${person.me.id}/notes`, {
      body: 'One more',
    });
    expect(refused.status).toBe(429);
    expect(errorOf(refused).code).toBe('moderation/notes_rate_limited');
    expect(errorOf(refused).details?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('tells the moderation room when a person’s standing changes', async () => {
    const person = await createUser(app);
    const watcher = await moderationSocket(admin);
    const changed = nextEvent(watcher, 'person:changed', ({ userId }) => userId === person.me.id);

    await moderator.client.post(`/api/moderation/users/${person.me.id}/suspend`, { hours: 1 });

    expect(await changed).toEqual({ userId: person.me.id, action: 'suspend' });
  });

  it("leaves moderators' notes out of the person's own data export", async () => {
    const person = await createUser(app);
    const secret = `Newsroom record ${randomUUID()}`;
    const note = await moderator.client.post<ModeratorNote>(`/api/moderation/users/${person.me.id}/notes`, {
      body: secret,
    });
    expect(note.status).toBe(201);

    const exported = await person.client.get<MyDataExport>('/api/me/export');

    expect(exported.status).toBe(200);
    expect(exported.body.account.id).toBe(person.me.id);
    expect(JSON.stringify(exported.body)).not.toContain(secret);
    expect(JSON.stringify(exported.body)).not.toContain(note.body.id);
  });
});
