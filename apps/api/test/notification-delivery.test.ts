import type { NotificationSettingsView } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { Clock } from '../src/common/clock.js';
import { NotificationMailer } from '../src/notifications/notification-mailer.js';
import { createStory, postComment, registerUser } from './support/factories.js';
import { PUBLIC_URL, mailSuite, notificationsOf } from './support/mail-scene.js';
import { waitFor } from './support/wait.js';

// How notification mail is delivered: unsubscribing, hourly digests, retries and outbox leases.
describe(NotificationMailer.name, () => {
  mailSuite(
    'delivery',
    {
      PARLEY_MAIL_FROM: 'Parley <comments@parley.test>',
      PARLEY_OUTBOX_LEASE_MS: '35000',
    },
    (scene) => {
      it('stops email by the one-click POST of List-Unsubscribe, without signing in', async () => {
        const parentAuthor = await scene.verifiedReader();
        const replier = await registerUser(scene.app);
        const story = await createStory(scene.app.db);
        const parent = await postComment(parentAuthor.client, story.slug);
        await postComment(replier.client, story.slug, { parentId: parent.id });
        await waitFor(() => scene.smtp.to(parentAuthor.email).length === 1, 'the first reply mail');
        const header = scene.smtp.to(parentAuthor.email)[0]!.headers.get('list-unsubscribe')!;
        const url = header.slice(1, -1).replace(PUBLIC_URL, scene.app.baseUrl);

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
          async () =>
            (await notificationsOf(parentAuthor)).items.some((item) => item.commentId === second.id),
          'the in-app notification',
        );
        const row = await scene.app.db
          .selectFrom('notifications')
          .select('byEmail')
          .where('commentId', '=', second.id)
          .executeTakeFirstOrThrow();
        expect(row.byEmail).toBe(false);
      });

      it('sends an hourly digest when the hour comes (controllable clock), not each reply', async () => {
        const parentAuthor = await scene.verifiedReader();
        const saved = await parentAuthor.client.request('PUT', '/api/me/notifications/settings', {
          json: { delivery: 'hourly' },
        });
        expect(saved.status).toBe(200);
        const replier = await registerUser(scene.app);
        const story = await createStory(scene.app.db);
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
        expect(scene.smtp.to(parentAuthor.email)).toHaveLength(0);

        scene.app.app.get(Clock).advance(3600_000);
        await waitFor(() => scene.smtp.to(parentAuthor.email).length === 1, 'the digest', {
          timeoutMs: 15_000,
        });
        const digest = scene.smtp.to(parentAuthor.email)[0]!;
        expect(digest.text).toContain(`${PUBLIC_URL}/comments/${first.id}`);
        expect(digest.text).toContain(`${PUBLIC_URL}/comments/${second.id}`);
        expect(digest.headers.get('subject')).toContain('2 new notifications');
      });

      it('retries when the SMTP server refuses, and delivers once it accepts', async () => {
        const parentAuthor = await scene.verifiedReader();
        const replier = await registerUser(scene.app);
        const story = await createStory(scene.app.db);
        const parent = await postComment(parentAuthor.client, story.slug);
        scene.smtp.refuseNext(2);
        const reply = await postComment(replier.client, story.slug, { parentId: parent.id });
        await waitFor(() => scene.smtp.to(parentAuthor.email).length === 1, 'the mail after two refusals', {
          timeoutMs: 15_000,
        });
        const [notification] = (await notificationsOf(parentAuthor)).items;
        const row = await scene.app.db
          .selectFrom('outbox')
          .select(['attempts', 'status'])
          .where('dedupeKey', '=', `mail.notification:${notification!.id}`)
          .executeTakeFirstOrThrow();
        expect(row).toEqual({ attempts: 3, status: 'done' });
        expect(scene.smtp.to(parentAuthor.email)[0]!.text).toContain(reply.id);
      });

      it('loses nothing when a worker dies mid-batch: the row is claimed again after its lease', async () => {
        const parentAuthor = await scene.verifiedReader();
        const replier = await registerUser(scene.app);
        const story = await createStory(scene.app.db);
        const parent = await postComment(parentAuthor.client, story.slug);
        const reply = await postComment(replier.client, story.slug, { parentId: parent.id });
        await waitFor(() => scene.smtp.to(parentAuthor.email).length === 1, 'the first mail');
        // Another notification owed by email, whose outbox row a node claimed and then died holding.
        const clock = scene.app.app.get(Clock);
        const owed = await scene.app.db
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
        await scene.app.db
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
        expect(scene.smtp.to(parentAuthor.email), 'nothing while the dead node holds the lease').toHaveLength(
          1,
        );

        clock.advance(31_000);
        await waitFor(
          () => scene.smtp.to(parentAuthor.email).length === 2,
          'the mail after the lease ran out',
          {
            timeoutMs: 15_000,
          },
        );
        expect(scene.smtp.to(parentAuthor.email)[1]!.headers.get('message-id')).toBe(
          `<notification-${owed.id}@parley.test>`,
        );
      });
    },
  );
});
