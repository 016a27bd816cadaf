import { afterAll, expect, it } from 'vitest';
import { MailService } from '../src/mail/mail.service.js';
import { Metrics } from '../src/metrics/metrics.js';
import { createStory, createUser, postComment, registerUser, uniqueName } from './support/factories.js';
import { TestSmtpServer } from './support/smtp.js';
import { appSuite } from './support/suite.js';
import { BOOT_TIMEOUT_MS, startApp, type TestApp } from './support/app.js';
import { waitFor } from './support/wait.js';

/** Low, so a test can go past it. */
const CAP = 3;

// A server per setup: appSuite boots one app per setup, each with the server its env started.
let smtp: TestSmtpServer;

/** Mails the test server received for `address`, whatever its letter case or `+tag`. */
function receivedBy(address: string): number {
  const mailbox = (to: string) => to.toLowerCase().replace(/\+[^@]*@/, '@');
  return smtp.received.filter((mail) => mail.to.some((to) => mailbox(to) === address)).length;
}

/** Mail outbox rows still to run (waiting, or waiting to be retried); the hourly digest pass aside. */
async function mailStillQueued(sut: TestApp): Promise<number> {
  const row = await sut.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('kind', 'in', ['mail.verify_email', 'mail.notification'])
    .where('status', '!=', 'done')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function deliveries(sut: TestApp, outcome: 'sent' | 'failed' | 'capped'): Promise<number> {
  const metric = await sut.app.get(Metrics).mailDeliveries.get();
  return metric.values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
}

appSuite(
  `${MailService.name} per-recipient cap`,
  {
    env: async () => {
      smtp = new TestSmtpServer();
      await smtp.start();
      return {
        SMTP_URL: smtp.url,
        PARLEY_PUBLIC_URL: 'http://parley.test',
        PARLEY_MAIL_PER_RECIPIENT_PER_DAY: String(CAP),
        PARLEY_OUTBOX_POLL_MS: '50',
        PARLEY_OUTBOX_BACKOFF_BASE_MS: '10',
        PARLEY_OUTBOX_BACKOFF_MAX_MS: '50',
      };
    },
  },
  (sut, setup) => {
    afterAll(async () => {
      await smtp?.stop();
    });

    it('mails one address at most the cap a day, whichever accounts ask, and drops the rest as capped', async () => {
      const victim = `${uniqueName('victim')}@victim.test`;
      const capped = await deliveries(sut, 'capped');
      // The first two tries fail (451) and are retried: mail that was not sent does not count.
      smtp.refuseNext(2);
      // Five accounts in turn name the victim's address (spelt three ways), each asking for a link.
      const spellings = [victim, victim.toUpperCase(), victim.replace('@', '+parley@'), victim, victim];
      for (const spelling of spellings) {
        const account = await createUser(sut);
        expect((await account.client.patch('/api/auth/me', { email: spelling })).status).toBe(200);
        await waitFor(async () => (await mailStillQueued(sut)) === 0, 'the verification mail to be settled');
        // Let it go again, so the next account may name it.
        expect((await account.client.patch('/api/auth/me', { email: null })).status).toBe(200);
      }

      expect(receivedBy(victim)).toBe(CAP);
      expect((await deliveries(sut, 'capped')) - capped).toBe(spellings.length - CAP);
      // Dropped, not parked for an admin to retry, nor waiting to be tried again.
      const unsent = await sut.db
        .selectFrom('outbox')
        .select('status')
        .where('kind', '=', 'mail.verify_email')
        .where('status', '!=', 'done')
        .execute();
      expect(unsent).toEqual([]);
    });

    it('counts every kind of mail together: a verification link and reply notifications share the cap', async () => {
      const victim = `${uniqueName('victim')}@victim.test`;
      const capped = await deliveries(sut, 'capped');
      // Someone else asks for a link to the address: one mail.
      const stranger = await createUser(sut);
      await stranger.client.patch('/api/auth/me', { email: victim });
      await waitFor(() => receivedBy(victim) === 1, 'the verification mail');
      await stranger.client.patch('/api/auth/me', { email: null });

      // Its owner confirms it, comments, and gets reply notifications by email, right away.
      const owner = await registerUser(sut);
      await sut.db
        .updateTable('users')
        .set({ email: victim, emailVerifiedAt: new Date() })
        .where('id', '=', owner.me.id)
        .execute();
      const story = await createStory(sut.db);
      const parent = await postComment(owner.client, story.slug);
      for (let reply = 0; reply < CAP; reply += 1) {
        const replier = await createUser(sut);
        await postComment(replier.client, story.slug, { parentId: parent.id });
      }
      await waitFor(async () => (await mailStillQueued(sut)) === 0, 'the reply mails to be settled');

      expect(receivedBy(victim)).toBe(CAP);
      expect((await deliveries(sut, 'capped')) - capped).toBe(1);
      // What was not mailed is still under the bell.
      const page = await owner.client.get<{ unread: number }>('/api/me/notifications');
      expect(page.body.unread).toBe(CAP);
    });

    it.runIf(setup.redis)(
      'counts one address over every node (through Redis)',
      async () => {
        const nodeB = await startApp({ engine: setup.engine, joinTo: sut, env: sut.env });
        try {
          const victim = `${uniqueName('victim')}@victim.test`;
          const mail = { to: victim, subject: 'Hello', text: 'Hello', html: '<p>Hello</p>' };
          const nodes = [sut.app.get(MailService), nodeB.app.get(MailService)];
          const outcomes: string[] = [];
          for (let index = 0; index < CAP + 2; index += 1) outcomes.push(await nodes[index % 2]!.send(mail));
          expect(outcomes).toEqual([...Array<string>(CAP).fill('sent'), 'capped', 'capped']);
          expect(receivedBy(victim)).toBe(CAP);
        } finally {
          await nodeB.close();
        }
      },
      BOOT_TIMEOUT_MS,
    );
  },
);
