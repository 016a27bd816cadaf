import { randomUUID } from 'node:crypto';
import type {
  Me,
  NotificationPage,
  SessionUser,
  NotificationSettingsView,
  StoryResponse,
} from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clock } from '../src/common/clock.js';
import { NotificationMailer } from '../src/notifications/notification-mailer.js';
import { BOOT_TIMEOUT_MS, setupTable, startApp, type TestApp } from './support/app.js';
import {
  createStory,
  loginAdmin,
  postComment,
  registerUser,
  setPostInterval,
  type TestUser,
} from './support/factories.js';
import { ApiClient } from './support/http.js';
import { TestSmtpServer, type ReceivedMail } from './support/smtp.js';
import { waitFor } from './support/wait.js';

const PUBLIC_URL = 'http://parley.test';
/** A host site that embeds the comments. */
const SITE = 'https://news.example.org';

function link(mail: ReceivedMail, pattern: RegExp): string {
  const match = pattern.exec(mail.text);
  if (!match) throw new Error(`no link matching ${pattern} in:\n${mail.text}`);
  return match[0];
}

/** Confirms by the button on the page a verification link opens (the link itself confirms nothing). */
function confirmEmail(url: string, baseUrl: string): Promise<Response> {
  const token = new URL(url).searchParams.get('token')!;
  return fetch(`${baseUrl}/api/auth/verify-email?token=${encodeURIComponent(token)}`, {
    method: 'POST',
    headers: { origin: baseUrl },
  });
}

describe(NotificationMailer.name, () => {
  describe.each(setupTable())('over %s', (_label, setup) => {
    let testApp: TestApp;
    let smtp: TestSmtpServer;
    let admin: ApiClient;

    beforeAll(async () => {
      smtp = new TestSmtpServer();
      await smtp.start();
      testApp = await startApp({
        ...setup,
        env: {
          SMTP_URL: smtp.url,
          PARLEY_MAIL_FROM: 'Parley <comments@parley.test>',
          PARLEY_PUBLIC_URL: PUBLIC_URL,
          PARLEY_ORIGINS: SITE,
          PARLEY_OUTBOX_POLL_MS: '50',
          PARLEY_OUTBOX_BACKOFF_BASE_MS: '10',
          PARLEY_OUTBOX_BACKOFF_MAX_MS: '50',
          PARLEY_OUTBOX_LEASE_MS: '35000',
        },
      });
      admin = await loginAdmin(testApp);
      // Tests post replies back to back; the interval has its own tests.
      await setPostInterval(testApp, 0);
    }, BOOT_TIMEOUT_MS);

    afterAll(async () => {
      await testApp?.close();
      await smtp?.stop();
    });

    /** A reader with a verified address, verified by the link the server mailed. */
    async function verifiedReader(): Promise<TestUser & { email: string }> {
      const user = await registerUser(testApp);
      const email = `${user.username}@example.org`;
      const patched = await user.client.patch<Me>('/api/auth/me', { email });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ email, emailVerified: false });
      await waitFor(() => smtp.to(email).length === 1, `the verification mail to ${email}`);
      const url = link(smtp.to(email)[0]!, /http:\/\/parley\.test\/api\/auth\/verify-email\?token=[\w-]+/);
      const opened = await confirmEmail(url, testApp.baseUrl);
      expect(opened.status).toBe(200);
      expect(await opened.text()).toContain('Email confirmed');
      smtp.received.splice(
        0,
        smtp.received.length,
        ...smtp.received.filter((mail) => !mail.to.includes(email)),
      );
      return { ...user, email };
    }

    async function notificationsOf(user: TestUser): Promise<NotificationPage> {
      const response = await user.client.get<NotificationPage>('/api/me/notifications');
      expect(response.status).toBe(200);
      return response.body;
    }

    it('verifies an email by a single-use link, and refuses an address another account confirmed (409)', async () => {
      const reader = await verifiedReader();
      const me = await reader.client.get<SessionUser>('/api/auth/me');
      expect(me.body.user).toMatchObject({ email: reader.email, emailVerified: true });

      const other = await registerUser(testApp);
      const taken = await other.client.patch('/api/auth/me', { email: reader.email.toUpperCase() });
      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({ code: 'auth/email_taken' });

      // The address is never shown to other readers.
      const comment = await postComment(reader.client, (await createStory(testApp.db)).slug);
      expect(JSON.stringify(comment)).not.toContain(reader.email);
    });

    it('answers a used or unknown verification link with 410', async () => {
      const user = await registerUser(testApp);
      const email = `${user.username}@example.org`;
      await user.client.patch('/api/auth/me', { email });
      await waitFor(() => smtp.to(email).length === 1, 'the verification mail');
      const url = link(smtp.to(email)[0]!, /http:\/\/parley\.test\/api\/auth\/verify-email\?token=[\w-]+/);
      expect((await confirmEmail(url, testApp.baseUrl)).status).toBe(200);
      expect((await confirmEmail(url, testApp.baseUrl)).status).toBe(410);
      expect((await fetch(url.replace(PUBLIC_URL, testApp.baseUrl))).status).toBe(410);
      const unknown = await fetch(`${testApp.baseUrl}/api/auth/verify-email?token=${'x'.repeat(43)}`, {
        headers: { accept: 'application/json' },
      });
      expect(unknown.status).toBe(410);
      expect(await unknown.json()).toMatchObject({
        code: 'auth/verification_failed',
        details: { reason: 'unknown' },
      });
    });

    it('mails the parent author a reply, with the permalink, a stable Message-ID and one-click unsubscribe', async () => {
      const parentAuthor = await verifiedReader();
      const replier = await registerUser(testApp, { displayName: 'Rhea <b>Replier</b>' });
      const story = await createStory(testApp.db, { title: 'Bridges & <tunnels>' });
      const parent = await postComment(parentAuthor.client, story.slug);
      // One's own reply tells nobody.
      await postComment(parentAuthor.client, story.slug, { parentId: parent.id });
      const reply = await postComment(replier.client, story.slug, {
        parentId: parent.id,
        body: 'I disagree <script>alert(1)</script> **strongly**',
      });

      await waitFor(() => smtp.to(parentAuthor.email).length === 1, 'the reply mail');
      const mail = smtp.to(parentAuthor.email)[0]!;
      expect(mail.text).toContain(`${PUBLIC_URL}/comments/${reply.id}`);
      // The HTML part shows what was typed, never runs it; the display name is escaped too.
      expect(mail.html).not.toContain('<script>');
      expect(mail.html).not.toContain('<b>');
      expect(mail.html).toContain('&lt;script&gt;');
      expect(mail.html).toContain('<strong>strongly</strong>');
      expect(mail.html).toContain(`href="${PUBLIC_URL}/comments/${reply.id}"`);
      expect(mail.headers.get('list-unsubscribe')).toMatch(
        /^<http:\/\/parley\.test\/api\/unsubscribe\?token=[\w.-]+>$/,
      );
      expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

      const page = await notificationsOf(parentAuthor);
      expect(page.unread).toBe(1);
      expect(page.items).toHaveLength(1);
      expect(page.items[0]).toMatchObject({
        kind: 'reply',
        commentId: reply.id,
        permalink: `/comments/${reply.id}`,
        storyTitle: 'Bridges & <tunnels>',
        actor: { id: replier.me.id },
      });
      expect(mail.headers.get('message-id')).toBe(`<notification-${page.items[0]!.id}@parley.test>`);

      const read = await parentAuthor.client.post('/api/me/notifications/read', { all: true });
      expect(read.body).toEqual({ unread: 0 });
    });

    it('notifies about a held reply only once it is approved, and never about a rejected one', async () => {
      const parentAuthor = await verifiedReader();
      const replier = await registerUser(testApp);
      const story = await createStory(testApp.db);
      const parent = await postComment(parentAuthor.client, story.slug);
      // From now on every reader's comment waits for a moderator.
      await testApp.db.updateTable('stories').set({ premod: 'all' }).where('id', '=', story.id).execute();

      const held = await postComment(replier.client, story.slug, { parentId: parent.id });
      const rejected = await postComment(replier.client, story.slug, {
        parentId: parent.id,
        body: 'another held reply',
      });
      expect(held.status).toBe('pending');
      expect((await notificationsOf(parentAuthor)).items).toHaveLength(0);

      expect(
        (await admin.post(`/api/moderation/comments/${rejected.id}/reject`, { reason: 'spam' })).status,
      ).toBe(200);
      expect((await admin.post(`/api/moderation/comments/${held.id}/approve`, {})).status).toBe(200);
      await waitFor(() => smtp.to(parentAuthor.email).length === 1, 'the mail about the approved reply');
      expect(smtp.to(parentAuthor.email)[0]!.text).toContain(`${PUBLIC_URL}/comments/${held.id}`);

      const page = await notificationsOf(parentAuthor);
      expect(page.items.map((item) => item.commentId)).toEqual([held.id]);
      // The replier hears of both decisions, in the app (no email address).
      const decisions = await notificationsOf(replier);
      expect(decisions.items.map((item) => [item.commentId, item.decision, item.reason]).sort()).toEqual(
        [
          [held.id, 'approved', null],
          [rejected.id, 'rejected', 'spam'],
        ].sort(),
      );
      // Nothing about the rejected reply ever reaches the parent's author.
      const rows = await testApp.db
        .selectFrom('notifications')
        .select('id')
        .where('userId', '=', parentAuthor.me.id)
        .where('commentId', '=', rejected.id)
        .execute();
      expect(rows).toHaveLength(0);
      expect(smtp.to(parentAuthor.email).some((mail) => mail.text.includes(rejected.id))).toBe(false);
    });

    it('stops email by the one-click POST of List-Unsubscribe, without signing in', async () => {
      const parentAuthor = await verifiedReader();
      const replier = await registerUser(testApp);
      const story = await createStory(testApp.db);
      const parent = await postComment(parentAuthor.client, story.slug);
      await postComment(replier.client, story.slug, { parentId: parent.id });
      await waitFor(() => smtp.to(parentAuthor.email).length === 1, 'the first reply mail');
      const header = smtp.to(parentAuthor.email)[0]!.headers.get('list-unsubscribe')!;
      const url = header.slice(1, -1).replace(PUBLIC_URL, testApp.baseUrl);

      const forged = await fetch(url.replace(/\.[\w-]+$/, '.forged'), { method: 'POST' });
      expect(forged.status).toBe(400);
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(response.status).toBe(200);

      const settings = await parentAuthor.client.get<NotificationSettingsView>(
        '/api/me/notifications/settings',
      );
      expect(settings.body).toMatchObject({ reply: 'in_app', decision: 'in_app', emailAvailable: true });
      const second = await postComment(replier.client, story.slug, { parentId: parent.id });
      await waitFor(
        async () => (await notificationsOf(parentAuthor)).items.some((item) => item.commentId === second.id),
        'the in-app notification',
      );
      const row = await testApp.db
        .selectFrom('notifications')
        .select('byEmail')
        .where('commentId', '=', second.id)
        .executeTakeFirstOrThrow();
      expect(row.byEmail).toBe(false);
    });

    it('links a reply on an embedded story to the host page, in the email and in the bell', async () => {
      const parentAuthor = await verifiedReader();
      const replier = await registerUser(testApp);
      const url = `${SITE}/world/${randomUUID()}`;
      const resolved = await new ApiClient(testApp.baseUrl).post<StoryResponse>(
        '/api/stories/resolve',
        { url, title: 'An embedded story' },
        { origin: SITE },
      );
      expect(resolved.status, JSON.stringify(resolved.body)).toBe(201);
      const slug = resolved.body.story.slug;
      const parent = await postComment(parentAuthor.client, slug);
      const reply = await postComment(replier.client, slug, { parentId: parent.id });

      await waitFor(() => smtp.to(parentAuthor.email).length === 1, 'the reply mail');
      const mail = smtp.to(parentAuthor.email)[0]!;
      const permalink = `${url}#parley-comment-${reply.id}`;
      expect(mail.text).toContain(`See the comment: ${permalink}`);
      expect(mail.html).toContain(`href="${permalink}"`);
      expect(mail.text).not.toContain(`${PUBLIC_URL}/comments/`);

      const [item] = (await notificationsOf(parentAuthor)).items;
      expect(item).toMatchObject({ kind: 'reply', commentId: reply.id, permalink });
    });

    it('keeps the site link for a story without a page of its own, relative in the bell', async () => {
      const parentAuthor = await verifiedReader();
      const replier = await registerUser(testApp);
      const made = await admin.post<StoryResponse>('/api/moderation/stories', { title: 'A desk story' });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      const parent = await postComment(parentAuthor.client, made.body.story.slug);
      const reply = await postComment(replier.client, made.body.story.slug, { parentId: parent.id });

      await waitFor(() => smtp.to(parentAuthor.email).length === 1, 'the reply mail');
      expect(smtp.to(parentAuthor.email)[0]!.text).toContain(
        `See the comment: ${PUBLIC_URL}/comments/${reply.id}`,
      );
      expect((await notificationsOf(parentAuthor)).items[0]).toMatchObject({
        commentId: reply.id,
        permalink: `/comments/${reply.id}`,
      });
    });

    it('sends an hourly digest when the hour comes (controllable clock), not each reply', async () => {
      const parentAuthor = await verifiedReader();
      const saved = await parentAuthor.client.request('PUT', '/api/me/notifications/settings', {
        json: { delivery: 'hourly' },
      });
      expect(saved.status).toBe(200);
      const replier = await registerUser(testApp);
      const story = await createStory(testApp.db);
      const parent = await postComment(parentAuthor.client, story.slug);
      const first = await postComment(replier.client, story.slug, { parentId: parent.id });
      const second = await postComment(replier.client, story.slug, {
        parentId: parent.id,
        body: 'second reply',
      });
      await waitFor(
        async () => (await notificationsOf(parentAuthor)).items.length === 2,
        'two notifications',
      );
      expect(smtp.to(parentAuthor.email)).toHaveLength(0);

      testApp.app.get(Clock).advance(3600_000);
      await waitFor(() => smtp.to(parentAuthor.email).length === 1, 'the digest', { timeoutMs: 15_000 });
      const digest = smtp.to(parentAuthor.email)[0]!;
      expect(digest.text).toContain(`${PUBLIC_URL}/comments/${first.id}`);
      expect(digest.text).toContain(`${PUBLIC_URL}/comments/${second.id}`);
      expect(digest.headers.get('subject')).toContain('2 new notifications');
    });

    it('retries when the SMTP server refuses, and delivers once it accepts', async () => {
      const parentAuthor = await verifiedReader();
      const replier = await registerUser(testApp);
      const story = await createStory(testApp.db);
      const parent = await postComment(parentAuthor.client, story.slug);
      smtp.refuseNext(2);
      const reply = await postComment(replier.client, story.slug, { parentId: parent.id });
      await waitFor(() => smtp.to(parentAuthor.email).length === 1, 'the mail after two refusals', {
        timeoutMs: 15_000,
      });
      const [notification] = (await notificationsOf(parentAuthor)).items;
      const row = await testApp.db
        .selectFrom('outbox')
        .select(['attempts', 'status'])
        .where('dedupeKey', '=', `mail.notification:${notification!.id}`)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ attempts: 3, status: 'done' });
      expect(smtp.to(parentAuthor.email)[0]!.text).toContain(reply.id);
    });

    it('loses nothing when a worker dies mid-batch: the row is claimed again after its lease', async () => {
      const parentAuthor = await verifiedReader();
      const replier = await registerUser(testApp);
      const story = await createStory(testApp.db);
      const parent = await postComment(parentAuthor.client, story.slug);
      const reply = await postComment(replier.client, story.slug, { parentId: parent.id });
      await waitFor(() => smtp.to(parentAuthor.email).length === 1, 'the first mail');
      // Another notification owed by email, whose outbox row a node claimed and then died holding.
      const clock = testApp.app.get(Clock);
      const owed = await testApp.db
        .insertInto('notifications')
        .values({
          userId: parentAuthor.me.id,
          kind: 'staff_reply',
          commentId: reply.id,
          actorId: replier.me.id,
          byEmail: true,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await testApp.db
        .insertInto('outbox')
        .values({
          kind: 'mail.notification',
          payload: JSON.stringify({ type: 'mail.notification', notificationId: owed.id }),
          dedupeKey: `mail.notification:${owed.id}`,
          runAfter: clock.now(),
          createdAt: clock.now(),
          attempts: 1,
          leaseUntil: new Date(clock.now().getTime() + 30_000),
        })
        .execute();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(smtp.to(parentAuthor.email), 'nothing while the dead node holds the lease').toHaveLength(1);

      clock.advance(31_000);
      await waitFor(() => smtp.to(parentAuthor.email).length === 2, 'the mail after the lease ran out', {
        timeoutMs: 15_000,
      });
      expect(smtp.to(parentAuthor.email)[1]!.headers.get('message-id')).toBe(
        `<notification-${owed.id}@parley.test>`,
      );
    });
  });
});
