import { randomUUID } from 'node:crypto';
import type { SessionUser, StoryResponse } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { NotificationMailer } from '../src/notifications/notification-mailer.js';
import { createStory, postComment, registerUser } from './support/factories.js';
import { ApiClient } from './support/http.js';
import {
  PUBLIC_URL,
  VERIFY_LINK,
  confirmEmail,
  link,
  mailSuite,
  notificationsOf,
} from './support/mail-scene.js';
import { waitFor } from './support/wait.js';

/** A host site that embeds the comments. */
const SITE = 'https://news.example.org';

// Confirming an address, and what a reply mails its parent's author (how that mail is delivered:
// notification-delivery.test.ts).
describe(NotificationMailer.name, () => {
  mailSuite(
    'replies',
    {
      PARLEY_MAIL_FROM: 'Parley <comments@parley.test>',
      PARLEY_ORIGINS: SITE,
      PARLEY_OUTBOX_LEASE_MS: '35000',
    },
    (scene) => {
      it('verifies an email by a single-use link, and refuses an address another account confirmed (409)', async () => {
        const reader = await scene.verifiedReader();
        const me = await reader.client.get<SessionUser>('/api/auth/me');
        expect(me.body.user).toMatchObject({ email: reader.email, emailVerified: true });

        const other = await registerUser(scene.app);
        const taken = await other.client.patch('/api/auth/me', { email: reader.email.toUpperCase() });
        expect(taken.status).toBe(409);
        expect(taken.body).toMatchObject({ code: 'auth/email_taken' });

        // The address is never shown to other readers.
        const comment = await postComment(reader.client, (await createStory(scene.app.db)).slug);
        expect(JSON.stringify(comment)).not.toContain(reader.email);
      });

      it('answers a used or unknown verification link with 410', async () => {
        const user = await registerUser(scene.app);
        const email = `${user.username}@example.org`;
        await user.client.patch('/api/auth/me', { email });
        await waitFor(() => scene.smtp.to(email).length === 1, 'the verification mail');
        const url = link(scene.smtp.to(email)[0]!, VERIFY_LINK);
        expect((await confirmEmail(url, scene.app.baseUrl)).status).toBe(200);
        expect((await confirmEmail(url, scene.app.baseUrl)).status).toBe(410);
        expect((await fetch(url.replace(PUBLIC_URL, scene.app.baseUrl))).status).toBe(410);
        const unknown = await fetch(`${scene.app.baseUrl}/api/auth/verify-email?token=${'x'.repeat(43)}`, {
          headers: { accept: 'application/json' },
        });
        expect(unknown.status).toBe(410);
        expect(await unknown.json()).toMatchObject({
          code: 'auth/verification_failed',
          details: { reason: 'unknown' },
        });
      });

      it('mails the parent author a reply, with the permalink, a stable Message-ID and one-click unsubscribe', async () => {
        const parentAuthor = await scene.verifiedReader();
        const replier = await registerUser(scene.app, { displayName: 'Rhea <b>Replier</b>' });
        const story = await createStory(scene.app.db, { title: 'Bridges & <tunnels>' });
        const parent = await postComment(parentAuthor.client, story.slug);
        // One's own reply tells nobody.
        await postComment(parentAuthor.client, story.slug, { parentId: parent.id });
        const reply = await postComment(replier.client, story.slug, {
          parentId: parent.id,
          body: 'I disagree <script>alert(1)</script> **strongly**',
        });

        await waitFor(() => scene.smtp.to(parentAuthor.email).length === 1, 'the reply mail');
        const mail = scene.smtp.to(parentAuthor.email)[0]!;
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
        const parentAuthor = await scene.verifiedReader();
        const replier = await registerUser(scene.app);
        const story = await createStory(scene.app.db);
        const parent = await postComment(parentAuthor.client, story.slug);
        // From now on every reader's comment waits for a moderator.
        await scene.app.db.updateTable('stories').set({ premod: 'all' }).where('id', '=', story.id).execute();

        const held = await postComment(replier.client, story.slug, { parentId: parent.id });
        const rejected = await postComment(replier.client, story.slug, {
          parentId: parent.id,
          body: 'another held reply',
        });
        expect(held.status).toBe('pending');
        expect((await notificationsOf(parentAuthor)).items).toHaveLength(0);

        expect(
          (await scene.admin.post(`/api/moderation/comments/${rejected.id}/reject`, { reason: 'spam' }))
            .status,
        ).toBe(200);
        expect((await scene.admin.post(`/api/moderation/comments/${held.id}/approve`, {})).status).toBe(200);
        await waitFor(
          () => scene.smtp.to(parentAuthor.email).length === 1,
          'the mail about the approved reply',
        );
        expect(scene.smtp.to(parentAuthor.email)[0]!.text).toContain(`${PUBLIC_URL}/comments/${held.id}`);

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
        const rows = await scene.app.db
          .selectFrom('notifications')
          .select('id')
          .where('userId', '=', parentAuthor.me.id)
          .where('commentId', '=', rejected.id)
          .execute();
        expect(rows).toHaveLength(0);
        expect(scene.smtp.to(parentAuthor.email).some((mail) => mail.text.includes(rejected.id))).toBe(false);
      });
      it('links a reply on an embedded story to the host page, in the email and in the bell', async () => {
        const parentAuthor = await scene.verifiedReader();
        const replier = await registerUser(scene.app);
        const url = `${SITE}/world/${randomUUID()}`;
        const resolved = await new ApiClient(scene.app.baseUrl).post<StoryResponse>(
          '/api/stories/resolve',
          { url, title: 'An embedded story' },
          { origin: SITE },
        );
        expect(resolved.status, JSON.stringify(resolved.body)).toBe(201);
        const slug = resolved.body.story.slug;
        const parent = await postComment(parentAuthor.client, slug);
        const reply = await postComment(replier.client, slug, { parentId: parent.id });

        await waitFor(() => scene.smtp.to(parentAuthor.email).length === 1, 'the reply mail');
        const mail = scene.smtp.to(parentAuthor.email)[0]!;
        const permalink = `${url}#parley-comment-${reply.id}`;
        expect(mail.text).toContain(`See the comment: ${permalink}`);
        expect(mail.html).toContain(`href="${permalink}"`);
        expect(mail.text).not.toContain(`${PUBLIC_URL}/comments/`);

        const [item] = (await notificationsOf(parentAuthor)).items;
        expect(item).toMatchObject({ kind: 'reply', commentId: reply.id, permalink });
      });

      it('keeps the site link for a story without a page of its own, relative in the bell', async () => {
        const parentAuthor = await scene.verifiedReader();
        const replier = await registerUser(scene.app);
        const made = await scene.admin.post<StoryResponse>('/api/moderation/stories', {
          title: 'A desk story',
        });
        expect(made.status, JSON.stringify(made.body)).toBe(201);
        const parent = await postComment(parentAuthor.client, made.body.story.slug);
        const reply = await postComment(replier.client, made.body.story.slug, { parentId: parent.id });

        await waitFor(() => scene.smtp.to(parentAuthor.email).length === 1, 'the reply mail');
        expect(scene.smtp.to(parentAuthor.email)[0]!.text).toContain(
          `See the comment: ${PUBLIC_URL}/comments/${reply.id}`,
        );
        expect((await notificationsOf(parentAuthor)).items[0]).toMatchObject({
          commentId: reply.id,
          permalink: `/comments/${reply.id}`,
        });
      });
    },
  );
});
