import type { Me, NotificationPage } from '@parley/shared';
import PostalMime from 'postal-mime';
import { beforeAll, expect } from 'vitest';
import type { TestApp } from './app.js';
import { loginAdmin, registerUser, setPostInterval, type TestUser } from './factories.js';
import type { ApiClient } from './http.js';
import { TestSmtpServer, type ReceivedMail } from './smtp.js';
import { appSuite } from './suite.js';
import { waitFor } from './wait.js';

/** A mail as a mail client reads it (postal-mime). */
type ParsedMail = Awaited<ReturnType<typeof PostalMime.parse>>;

/** The address the app writes into its mail (PARLEY_PUBLIC_URL). */
export const PUBLIC_URL = 'http://parley.test';
/** The confirmation link in a verification mail. */
export const VERIFY_LINK = /http:\/\/parley\.test\/api\/auth\/verify-email\?token=[\w-]+/;

/** The first link in a mail's text that matches `pattern`. */
export function link(mail: ReceivedMail, pattern: RegExp): string {
  const match = pattern.exec(mail.text);
  if (!match) throw new Error(`no link matching ${pattern} in:\n${mail.text}`);
  return match[0];
}

/** Confirms by the button on the page a verification link opens (the link itself confirms nothing). */
export function confirmEmail(url: string, baseUrl: string): Promise<Response> {
  const token = new URL(url).searchParams.get('token')!;
  return fetch(`${baseUrl}/api/auth/verify-email?token=${encodeURIComponent(token)}`, {
    method: 'POST',
    headers: { origin: baseUrl },
  });
}

/** A reader's notifications, first page. */
export async function notificationsOf(user: TestUser): Promise<NotificationPage> {
  const response = await user.client.get<NotificationPage>('/api/me/notifications');
  expect(response.status).toBe(200);
  return response.body;
}

/** An app that mails through a real SMTP server on this machine, for the tests of what it mails. */
export interface MailScene {
  readonly app: TestApp;
  readonly smtp: TestSmtpServer;
  /** The admin, signed in. */
  readonly admin: ApiClient;
  /**
   * Gives `user` an address and confirms it by the link mailed to it, as a reader would: the
   * address, the verification mail (parsed as a mail client would: non-Latin text travels
   * base64-encoded) and the text of the page that confirmed it.
   */
  confirmAddress(user: TestUser): Promise<{ email: string; verification: ParsedMail; page: string }>;
  /** A new reader with a confirmed address, its verification mail taken off the server's list. */
  verifiedReader(): Promise<TestUser & { email: string }>;
}

/**
 * `mailSuite('replies', env, (scene) => { … })`: appSuite whose app mails through an SMTP server of
 * its own (started with it, stopped after it) with a quick outbox, `env` on top; the admin signed
 * in and no posting interval (tests post replies back to back; the interval has its own tests).
 */
export function mailSuite(name: string, env: Record<string, string>, body: (scene: MailScene) => void): void {
  let smtp: TestSmtpServer | undefined;
  appSuite(
    name,
    {
      env: async () => {
        smtp = new TestSmtpServer();
        await smtp.start();
        return {
          SMTP_URL: smtp.url,
          PARLEY_PUBLIC_URL: PUBLIC_URL,
          PARLEY_OUTBOX_POLL_MS: '50',
          PARLEY_OUTBOX_BACKOFF_BASE_MS: '10',
          PARLEY_OUTBOX_BACKOFF_MAX_MS: '50',
          ...env,
        };
      },
      afterClose: async () => {
        await smtp?.stop();
      },
    },
    (app) => {
      let admin: ApiClient | undefined;
      const server = (): TestSmtpServer => {
        if (!smtp) throw new Error('the SMTP server starts with the app');
        return smtp;
      };

      beforeAll(async () => {
        admin = await loginAdmin(app);
        await setPostInterval(app, 0);
      });

      async function confirmAddress(user: TestUser) {
        const email = `${user.username}@example.org`;
        const patched = await user.client.patch<Me>('/api/auth/me', { email });
        expect(patched.status).toBe(200);
        expect(patched.body).toMatchObject({ email, emailVerified: false });
        await waitFor(() => server().to(email).length === 1, `the verification mail to ${email}`);
        const verification = await PostalMime.parse(server().to(email)[0]!.raw);
        const url = VERIFY_LINK.exec(verification.text ?? '')?.[0];
        if (!url) throw new Error(`no confirmation link in:\n${verification.text}`);
        const opened = await confirmEmail(url, app.baseUrl);
        expect(opened.status).toBe(200);
        return { email, verification, page: await opened.text() };
      }

      body({
        app,
        get smtp() {
          return server();
        },
        get admin() {
          if (!admin) throw new Error('the admin signs in in beforeAll');
          return admin;
        },
        confirmAddress,
        async verifiedReader() {
          const user = await registerUser(app);
          const { email, page } = await confirmAddress(user);
          expect(page).toContain('Email confirmed');
          const received = server().received;
          received.splice(0, received.length, ...received.filter((mail) => !mail.to.includes(email)));
          return { ...user, email };
        },
      });
    },
  );
}
