import { randomUUID } from 'node:crypto';
import type { CommentStatus } from '@parley/db';
import type { DsaNoticeReceipt } from '@parley/shared';
import { afterAll, beforeAll, expect } from 'vitest';
import type { TestApp } from './app.js';
import type { TestUser } from './factories.js';
import { createStory, createUser, insertComment, loginAdmin, uniqueBody } from './factories.js';
import type { ApiClient } from './http.js';
import { TestSmtpServer, type ReceivedMail } from './smtp.js';
import { appSuite } from './suite.js';

/** A moderator's decision on a notice, as the decision form sends it. */
export const DECISION = {
  action: 'removed',
  facts: 'The comment names a private person and accuses them of a crime without any basis.',
  ground: 'Defamation: section 185 of the Criminal Code; terms of use, section 3.',
  automated: false,
  redress: 'You may appeal within six months from your account, or go to an out-of-court body or a court.',
} as const;

/** What the notice-and-action (DSA) files make and read, over one app. */
export interface DsaScene {
  readonly app: TestApp;
  /** The admin, signed in. */
  readonly admin: ApiClient;
  readonly moderator: TestUser;
  /** An author with a confirmed address, so the statement of reasons can be mailed. */
  author(): Promise<TestUser & { email: string }>;
  /** A comment by `by` on the scene's story, written straight to the database; its id. */
  comment(by: TestUser, status?: CommentStatus): Promise<string>;
  /** A notice's form, filled in by a notifier with a fresh address. */
  notice(commentId: string, overrides?: Record<string, unknown>): ReturnType<typeof noticeForm>;
  /** Files a notice as `client`, insisting it is taken (201). */
  file(client: ApiClient, body: unknown): Promise<DsaNoticeReceipt>;
  /** The first mail to `address` whose subject matches, if it has come. */
  mailTo(address: string, subject: RegExp): ReceivedMail | undefined;
}

function noticeForm(commentId: string, overrides: Record<string, unknown> = {}) {
  return {
    commentId,
    category: 'defamation',
    explanation: 'It accuses my neighbour of theft by name; that is false and defamatory.',
    name: 'Ana Petrović',
    email: `notifier-${randomUUID()}@example.org`,
    goodFaith: true,
    ...overrides,
  };
}

/**
 * `dsaSuite('notices', (scene) => { … })`: appSuite with an SMTP server for the file (started
 * before the apps, stopped after them), the admin signed in, a moderator and a story to comment on.
 */
export function dsaSuite(name: string, body: (scene: DsaScene) => void): void {
  const smtp = new TestSmtpServer();
  beforeAll(() => smtp.start());
  afterAll(() => smtp.stop());

  appSuite(
    `notice and action (DSA): ${name}`,
    {
      closeSocketsAfterEach: true,
      env: () => ({
        SMTP_URL: smtp.url,
        PARLEY_MAIL_FROM: 'Parley <comments@parley.test>',
        PARLEY_PUBLIC_URL: 'https://comments.example.org',
        PARLEY_OUTBOX_POLL_MS: '50',
      }),
    },
    (app) => {
      let admin: ApiClient | undefined;
      let moderator: TestUser | undefined;
      let storyId: string;

      beforeAll(async () => {
        admin = await loginAdmin(app);
        moderator = await createUser(app, { role: 'moderator' });
        storyId = (await createStory(app.db)).id;
      });

      const ready = <T>(value: T | undefined): T => {
        if (value === undefined) throw new Error('the scene is set in beforeAll');
        return value;
      };

      body({
        app,
        get admin() {
          return ready(admin);
        },
        get moderator() {
          return ready(moderator);
        },
        async author() {
          const user = await createUser(app);
          const email = `${user.username}@example.org`;
          await app.db
            .updateTable('users')
            .set({ email, emailVerifiedAt: new Date() })
            .where('id', '=', user.me.id)
            .execute();
          return { ...user, email };
        },
        comment: (by, status = 'published') =>
          insertComment(app.db, { storyId, authorId: by.me.id, status, body: uniqueBody('Noticed') }),
        notice: noticeForm,
        async file(client, form) {
          const response = await client.post<DsaNoticeReceipt>('/api/dsa/notices', form);
          expect(response.status, JSON.stringify(response.body)).toBe(201);
          return response.body;
        },
        mailTo: (address, subject) =>
          smtp.received.find(
            (mail) => mail.to.includes(address) && subject.test(mail.headers.get('subject') ?? ''),
          ),
      });
    },
  );
}
