/** The route catalogue: Accounts. */
import { z } from 'zod';
import {
  verifyEmailPageResponseSchema,
  verifyEmailQuerySchema,
  verifyEmailResponseSchema,
} from '../schemas/notifications.js';
import {
  authOptionsSchema,
  loginRequestSchema,
  meSchema,
  sessionUserSchema,
  registerRequestSchema,
  ssoRequestSchema,
  tokenSignInResponseSchema,
  updateMeRequestSchema,
} from '../schemas/users.js';
import { idParamsSchema } from '../schemas/comments.js';
import {
  accountSessionPageSchema,
  changePasswordRequestSchema,
  endedSessionsSchema,
  sessionListQuerySchema,
} from '../schemas/sessions.js';
import { defineRoutes } from './define.js';

/** A password sign-in answers the account, or with `token: true` the account and a bearer token. */
const signInAnswer = z.union([meSchema, tokenSignInResponseSchema]);

export const authRoutes = defineRoutes({
  register: {
    tag: 'Accounts',
    summary: 'Create an account and sign in',
    description:
      'Sets the session cookie; with `token: true`, answers `{ me, token }` (a bearer token) and sets no cookie. ' +
      'An `email` is answered alike whether or not another account has it (it stays unconfirmed; a confirmed ' +
      'owner is told by mail instead of getting a link).',
    access: 'public',
    body: registerRequestSchema,
    responses: { 201: { description: 'The new account, signed in.', body: signInAnswer } },
    errors: ['auth/username_taken', 'auth/username_reserved', 'auth/rate_limited'],
  },
  login: {
    tag: 'Accounts',
    summary: 'Sign in with a username and password',
    description:
      'Sets the session cookie; with `token: true`, answers `{ me, token }` (a bearer token) and sets no cookie.',
    access: 'public',
    body: loginRequestSchema,
    responses: { 200: { description: 'The signed-in account.', body: signInAnswer } },
    errors: ['auth/invalid_credentials', 'auth/rate_limited', 'auth/banned'],
  },
  signInWithSso: {
    tag: 'Accounts',
    summary: 'Single sign-on: exchange a host-signed JWT for a bearer token',
    description:
      "The host site signs an HS256 JWT with `PARLEY_SSO_SECRET` (claims `sub`, `username`, `iat`, `exp` at most 24 h ahead; optional `displayName`, `email`, `jti`). Creates or updates the account linked by `sub`; roles stay Parley's own. No cookie.",
    access: 'public',
    body: ssoRequestSchema,
    responses: { 200: { description: 'The account and its bearer token.', body: tokenSignInResponseSchema } },
    errors: [
      'auth/sso_not_configured',
      'auth/sso_invalid',
      'auth/sso_expired',
      'auth/sso_lifetime_too_long',
      'auth/sso_claim_missing',
      'auth/sso_claim_invalid',
      'auth/sso_replayed',
      'auth/banned',
      'auth/rate_limited',
    ],
  },
  getAuthOptions: {
    tag: 'Accounts',
    summary: 'How readers may sign in',
    description:
      '`sso` is true when single sign-on is set up (the embed then asks its host page to sign the reader in).',
    access: 'public',
    responses: { 200: { description: 'The sign-in options.', body: authOptionsSchema } },
    errors: [],
  },
  logout: {
    tag: 'Accounts',
    summary: 'Sign out',
    description:
      "Ends the session of the bearer token (else the cookie); that session's sockets get `session:ended` and are closed. Succeeds when not signed in too.",
    access: 'public',
    responses: { 204: { description: 'Signed out.' } },
    errors: [],
  },
  getMe: {
    tag: 'Accounts',
    summary: 'The signed-in account, if any',
    description:
      '`{ user: null }` when nobody is signed in (no session, or one that ended or was never valid), ' +
      'so an anonymous page asks without an error.',
    access: 'public',
    responses: { 200: { description: 'The signed-in account, or null.', body: sessionUserSchema } },
    errors: [],
  },
  updateMe: {
    tag: 'Accounts',
    summary: 'Change one’s email address or display name',
    description:
      'A new email is unverified until confirmed from the link mailed to it (single use, 24 h); ' +
      'the same unconfirmed address again mails a new link; `null` removes it. 409 only when another account confirmed the address. Nobody else sees the ' +
      'address; moderators see it on the account card.',
    access: 'user',
    body: updateMeRequestSchema,
    responses: { 200: { description: 'The account now.', body: meSchema } },
    errors: ['auth/email_taken', 'auth/email_rate_limited', 'auth/username_reserved'],
  },
  verifyEmailPage: {
    tag: 'Accounts',
    summary: 'The link in the verification mail: a confirmation page (changes nothing)',
    description:
      'Mail scanners open every link, so opening it confirms nothing: the page’s button makes the POST. ' +
      'Answers a small HTML page to a browser, JSON to a client that asks for it; 410 when the link no longer works.',
    access: 'public',
    query: verifyEmailQuerySchema,
    responses: {
      200: { description: 'A page whose button makes the POST.', body: verifyEmailPageResponseSchema },
    },
    errors: ['auth/verification_failed'],
  },
  verifyEmail: {
    tag: 'Accounts',
    summary: 'Confirm an email address (the button on the verification page)',
    description:
      'The `token` comes in the query, as in the link; no sign-in needed. Confirming takes the address from ' +
      'accounts that hold it unconfirmed; `details.reason` is `taken` when another account confirmed it first.',
    access: 'public',
    query: verifyEmailQuerySchema,
    responses: { 200: { description: 'Confirmed.', body: verifyEmailResponseSchema } },
    errors: ['auth/verification_failed', 'auth/rate_limited'],
  },
  changePassword: {
    tag: 'Accounts',
    summary: 'Change one’s password; every other session ends',
    description:
      'The current password is checked as at sign-in. On success every other session and bearer token of ' +
      'the account ends (their sockets get `session:ended` and close); the one making the request stays. ' +
      'A wrong current password changes nothing and ends nothing. At most 10 attempts an hour per account.',
    access: 'user',
    body: changePasswordRequestSchema,
    responses: { 200: { description: 'Changed; how many other sessions ended.', body: endedSessionsSchema } },
    errors: ['auth/wrong_password', 'auth/no_password', 'auth/password_rate_limited'],
  },
  listSessions: {
    tag: 'Accounts',
    summary: 'A page of one’s signed-in sessions, newest first',
    description:
      'Browsers (the cookie) and embeds (bearer tokens) alike: when each started, when it was last used, ' +
      'a summary of the browser, and which one is making this request. Never a token.',
    access: 'user',
    query: sessionListQuerySchema,
    responses: { 200: { description: 'One page.', body: accountSessionPageSchema } },
    errors: [],
  },
  endSession: {
    tag: 'Accounts',
    summary: 'End one of one’s sessions',
    description:
      'Its cookie or token stops working and its sockets close. Ending the current session signs out ' +
      '(the cookie is cleared).',
    access: 'user',
    params: idParamsSchema,
    responses: { 204: { description: 'Ended.' } },
    errors: ['auth/session_not_found'],
  },
  endOtherSessions: {
    tag: 'Accounts',
    summary: 'Sign out everywhere else',
    description: 'Ends every session and bearer token of the account but the current one, sockets included.',
    access: 'user',
    responses: { 200: { description: 'How many sessions ended.', body: endedSessionsSchema } },
    errors: [],
  },
});
