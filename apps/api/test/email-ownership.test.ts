import { randomBytes, randomUUID } from 'node:crypto';
import type { Me, SessionUser, TokenSignInResponse } from '@parley/shared';
import { SignJWT } from 'jose';
import { afterAll, expect, it } from 'vitest';
import { createUser, uniqueName, type TestUser } from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';
import { TestSmtpServer } from './support/smtp.js';
import { appSuite } from './support/suite.js';
import { waitFor } from './support/wait.js';

// Issue 19, items 2–4: an address belongs to whoever confirms it, registration does not tell which
// addresses have accounts, and a verification link confirms only by a POST from its page.

const PUBLIC_URL = 'http://parley.test';
const SSO_SECRET = `sso-${randomBytes(24).toString('hex')}`;
/** Sign-ups one address may make per hour in this file: only the registration test registers. */
const SIGNUPS_PER_HOUR = 3;
const VERIFY_LINK = /http:\/\/parley\.test\/api\/auth\/verify-email\?token=[\w-]+/;

const smtp = new TestSmtpServer();
afterAll(() => smtp.stop());

function freshAddress(): string {
  return `${uniqueName('mail')}@victim.test`;
}

/** Mail to an address in any letter case (SMTP envelopes may not keep it). */
function mailTo(email: string) {
  return smtp.received.filter((mail) => mail.to.some((to) => to.toLowerCase() === email.toLowerCase()));
}

appSuite(
  'email ownership',
  {
    env: async () => {
      if (!smtp.port) await smtp.start();
      return {
        SMTP_URL: smtp.url,
        PARLEY_PUBLIC_URL: PUBLIC_URL,
        PARLEY_SSO_SECRET: SSO_SECRET,
        PARLEY_SIGNUPS_PER_HOUR: String(SIGNUPS_PER_HOUR),
        PARLEY_OUTBOX_POLL_MS: '50',
        PARLEY_OUTBOX_BACKOFF_BASE_MS: '10',
        PARLEY_OUTBOX_BACKOFF_MAX_MS: '50',
      };
    },
  },
  (sut) => {
    /** Puts `email` on the account (unconfirmed) and returns the verification link mailed to it. */
    async function addEmail(user: TestUser, email: string): Promise<string> {
      const before = mailTo(email).length;
      const patched = await user.client.patch<Me>('/api/auth/me', { email });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      expect(patched.body).toMatchObject({ email, emailVerified: false });
      await waitFor(() => mailTo(email).length > before, `the verification mail to ${email}`);
      const mail = mailTo(email)[before]!;
      const link = VERIFY_LINK.exec(mail.text)?.[0];
      if (!link) throw new Error(`no verification link in:\n${mail.text}`);
      return link.replace(PUBLIC_URL, sut.baseUrl);
    }

    /** Opens the link as a browser does, then presses the page's button (its form's POST). */
    async function confirmByPage(link: string): Promise<Response> {
      const page = await fetch(link);
      const html = await page.text();
      const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
      if (!action) throw new Error(`no confirm form (HTTP ${page.status}) in:\n${html}`);
      return fetch(new URL(action.replace(/&amp;/g, '&'), sut.baseUrl), {
        method: 'POST',
        headers: { origin: sut.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'confirm=1',
      });
    }

    async function meOf(user: TestUser): Promise<Me> {
      const response = await user.client.get<SessionUser>('/api/auth/me');
      expect(response.body.user).not.toBeNull();
      return response.body.user!;
    }

    async function ssoSignIn(email: string): Promise<TokenSignInResponse> {
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({
        sub: `host-${randomUUID()}`,
        username: uniqueName('Sso'),
        email,
        iat: now,
        exp: now + 600,
      })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(SSO_SECRET));
      const response = await new ApiClient(sut.baseUrl).post<TokenSignInResponse>('/api/auth/sso', { token });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body;
    }

    async function holdersOf(email: string) {
      return sut.db
        .selectFrom('users')
        .select(['id', 'email', 'emailVerifiedAt'])
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
        .execute();
    }

    it('lets the owner add and confirm an address a stranger put on their account unconfirmed; the stranger loses it', async () => {
      const email = freshAddress();
      const squatter = await createUser(sut);
      await addEmail(squatter, email);

      const owner = await createUser(sut);
      const link = await addEmail(owner, email.toUpperCase());
      expect((await confirmByPage(link)).status).toBe(200);

      expect(await meOf(owner)).toMatchObject({ email: email.toUpperCase(), emailVerified: true });
      expect(await meOf(squatter)).toMatchObject({ email: null, emailVerified: false });

      // A confirmed address is the owner's: nobody else may put it on their account now.
      const late = await createUser(sut);
      const refused = await late.client.patch('/api/auth/me', { email });
      expect(refused.status).toBe(409);
      expect(errorOf(refused).code).toBe('auth/email_taken');
    });

    it('mails a new link when the same unconfirmed address is sent again (resend), and none once it is confirmed', async () => {
      const email = freshAddress();
      const reader = await createUser(sut);
      await addEmail(reader, email);

      const resent = await addEmail(reader, email);
      expect((await confirmByPage(resent)).status).toBe(200);
      expect(await meOf(reader)).toMatchObject({ email, emailVerified: true });

      const before = mailTo(email).length;
      const again = await reader.client.patch<Me>('/api/auth/me', { email });
      expect(again.body).toMatchObject({ email, emailVerified: true });
      // A confirmed address sends nothing; any mail would already be queued by the time a new one arrives.
      await addEmail(reader, freshAddress());
      expect(mailTo(email).length).toBe(before);
    });

    it('gives a single sign-on email claim to its reader, taking it from an unconfirmed holder', async () => {
      const email = freshAddress();
      const squatter = await createUser(sut);
      await addEmail(squatter, email);

      const signedIn = await ssoSignIn(email);
      expect(signedIn.me).toMatchObject({ email, emailVerified: true });
      expect(await meOf(squatter)).toMatchObject({ email: null });
    });

    it('lets one account win when several confirm the same address at once', async () => {
      for (let round = 0; round < 3; round++) {
        const email = freshAddress();
        const contenders = await Promise.all([1, 2, 3, 4].map(() => createUser(sut)));
        // The buttons' POSTs, ready to go off together (the pages themselves change nothing).
        const confirmations = [];
        for (const user of contenders) {
          const token = new URL(await addEmail(user, email)).searchParams.get('token')!;
          confirmations.push(`${sut.baseUrl}/api/auth/verify-email?token=${token}`);
        }

        const answers = await Promise.all([
          ...confirmations.map(async (url) => (await fetch(url, { method: 'POST' })).status),
          ...[1, 2].map(() => ssoSignIn(email).then(({ me }) => (me.emailVerified ? 200 : 409))),
        ]);
        expect(answers.filter((status) => status === 200)).toHaveLength(1);
        expect(answers.every((status) => status === 200 || status === 410 || status === 409)).toBe(true);
        const holders = await holdersOf(email);
        expect(holders).toHaveLength(1);
        expect(holders[0]!.emailVerifiedAt).not.toBeNull();
      }
    });

    it('answers a registration the same whether or not the address has an account, after charging the limit', async () => {
      const taken = freshAddress();
      const owner = await createUser(sut);
      await sut.db
        .updateTable('users')
        .set({ email: taken, emailVerifiedAt: new Date() })
        .where('id', '=', owner.me.id)
        .execute();
      const register = (email: string, displayName?: string) =>
        new ApiClient(sut.baseUrl).post<Me>('/api/auth/register', {
          username: uniqueName('reg'),
          password: `pw-${randomBytes(6).toString('hex')}`,
          displayName,
          email,
        });

      const free = freshAddress();
      const attempts = [
        await register(taken, 'Mallory <b>Evil</b>'),
        await register(free),
        await register(taken.toUpperCase()),
      ];
      const shape = (response: (typeof attempts)[number]) => ({
        status: response.status,
        keys: Object.keys(response.body as object).sort(),
        emailVerified: response.body.emailVerified,
      });
      expect(attempts.map(shape)).toEqual(Array(3).fill(shape(attempts[1]!)));
      expect(attempts[0]!.status).toBe(201);
      expect(attempts[0]!.body.email).toBe(taken);

      // The limit was charged by every attempt, taken address or not.
      const over = await register(taken);
      expect(over.status).toBe(429);
      expect(errorOf(over).code).toBe('auth/rate_limited');

      // The free address gets its link; the owner gets a warning instead, without the stranger's words.
      await waitFor(() => smtp.to(free).length === 1, 'the verification mail to the free address');
      await waitFor(() => smtp.to(taken).length >= 1, "the owner's warning");
      const warning = smtp.to(taken)[0]!;
      expect(warning.headers.get('subject')).toMatch(/register/i);
      expect(warning.text).not.toMatch(VERIFY_LINK);
      expect(warning.html).not.toContain('Mallory');
      expect(warning.html).not.toContain('<b>');
      expect(warning.text).not.toContain('Mallory');
      expect(await meOf(owner)).toMatchObject({ email: taken, emailVerified: true });
    });

    it('confirms an address only by the POST from the page the link opens, never by the GET', async () => {
      const user = await createUser(sut);
      const email = freshAddress();
      const link = await addEmail(user, email);

      // A mail scanner opens the link: a page with a button, no script, nothing confirmed.
      const page = await fetch(link);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toMatch(/<form method="post" action="\/api\/auth\/verify-email\?token=[\w-]+">/);
      expect(html).toContain('<button type="submit">');
      expect(html).not.toContain('<script');
      const asJson = await fetch(link, { headers: { accept: 'application/json' } });
      expect(await asJson.json()).toEqual({ confirm: 'POST /api/auth/verify-email?token=…' });
      expect(await meOf(user)).toMatchObject({ email, emailVerified: false });

      const confirmed = await confirmByPage(link);
      expect(confirmed.status).toBe(200);
      expect(await confirmed.text()).toContain('Email confirmed');
      expect(await meOf(user)).toMatchObject({ email, emailVerified: true });

      // Used up: the page says so, and a second POST changes nothing.
      const again = await fetch(link);
      expect(again.status).toBe(410);
      expect(await again.text()).toContain('Link already used');
    });
  },
);
