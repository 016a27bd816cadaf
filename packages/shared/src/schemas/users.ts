import { USER_ROLES, USER_STATUSES } from '@parley/db/schema';
import { z } from 'zod';
import { idSchema, isoDateSchema } from './common.js';
import { textRule } from './text.js';
import { FIELD_MESSAGES } from '../field-messages.js';
import { LOCALES } from '../i18n/locales.js';

export const userRoleSchema = z.enum(USER_ROLES);

/** A language Parley speaks (`LOCALES`), as a reader saves it on the account page. */
export const localeSchema = z.enum(LOCALES);
export const userStatusSchema = z.enum(USER_STATUSES);

/** What every reader may see of an author. */
export const publicUserSchema = z.object({
  id: idSchema,
  username: z.string(),
  displayName: z.string(),
  role: userRoleSchema,
});
export type PublicUser = z.infer<typeof publicUserSchema>;

/** The signed-in user, from `GET /api/auth/me`. */
export const meSchema = publicUserSchema.extend({
  status: userStatusSchema,
  suspendedUntil: isoDateSchema.nullable(),
  /** Only ever sent to its owner (and to moderators on the account card). */
  email: z.string().nullable(),
  emailVerified: z.boolean(),
  /**
   * How the account signs in: `sso` through the host site (no password here, so the account page
   * offers no password change), `password` with a Parley password.
   */
  signIn: z.enum(['sso', 'password']),
  /** The language the reader chose (mail and the full site use it); null until they choose one. */
  locale: localeSchema.nullable(),
});
export type Me = z.infer<typeof meSchema>;

/**
 * `GET /api/auth/me`: who is signed in, `null` for nobody. A 200 either way, so an anonymous
 * page view logs no failed request in the browser's console.
 */
export const sessionUserSchema = z.object({ user: meSchema.nullable() });
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{3,32}$/, {
    error: FIELD_MESSAGES.username,
  });

/**
 * `"token": true` on login or register: answer `{ me, token }` (a bearer token for
 * `Authorization: Bearer …` and the socket's `auth: { token }`) and set no cookie. For pages on
 * other sites (the embed), where a third-party cookie would not be sent back.
 */
const wantsTokenSchema = z.boolean({ error: FIELD_MESSAGES.notTrueOrFalse }).optional();

/** A display name: one line of visible characters, 1 to 64 of them. */
export const displayNameSchema = z
  .string()
  .trim()
  .min(1, { error: FIELD_MESSAGES.displayNameRequired, abort: true })
  .max(64, { error: FIELD_MESSAGES.displayNameTooLong })
  // One line of visible characters and no invisible ones, so one name cannot pass for another.
  .superRefine(textRule({ kind: 'name', visible: true }));

/** An email address: trimmed, one line, at most 254 characters, something@domain. */
export const emailSchema = z
  .string()
  .trim()
  .max(254, { error: FIELD_MESSAGES.emailTooLong })
  .regex(/^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/, {
    error: FIELD_MESSAGES.email,
  });

export const registerRequestSchema = z.object({
  username: usernameSchema,
  password: z
    .string()
    .min(8, { error: FIELD_MESSAGES.passwordTooShort })
    .max(200, { error: FIELD_MESSAGES.passwordTooLong })
    .superRefine(textRule()),
  displayName: displayNameSchema.optional(),
  email: z.preprocess((value) => (value === '' ? undefined : value), emailSchema.optional()),
  token: wantsTokenSchema,
});
export type RegisterRequest = z.infer<typeof registerRequestSchema>;

export const loginRequestSchema = z.object({
  username: z
    .string({ error: FIELD_MESSAGES.usernameRequired })
    .trim()
    .min(1, { error: FIELD_MESSAGES.usernameRequired, abort: true })
    .max(64)
    .superRefine(textRule()),
  // Not held to the text rule: a password is only hashed, never stored, and refusing one here
  // would lock out an account registered with it before registration applied the rule.
  password: z
    .string({ error: FIELD_MESSAGES.passwordRequired })
    .min(1, { error: FIELD_MESSAGES.passwordRequired })
    .max(200),
  token: wantsTokenSchema,
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/**
 * The answer of `POST /api/auth/sso`, and of login/register with `"token": true`: the user and a
 * session token to send as `Authorization: Bearer <token>` (HTTP) or `auth: { token }` (socket).
 * The token lasts as long as a cookie session (30 days) and ends with `POST /api/auth/logout`.
 */
export const tokenSignInResponseSchema = z.object({
  me: meSchema,
  token: z.string(),
});
export type TokenSignInResponse = z.infer<typeof tokenSignInResponseSchema>;

/** `POST /api/auth/sso`: a JWT the host site signed with PARLEY_SSO_SECRET (HS256). */
export const ssoRequestSchema = z.object({
  token: z
    .string({ error: FIELD_MESSAGES.ssoTokenRequired })
    .trim()
    .min(1, { error: FIELD_MESSAGES.ssoTokenRequired, abort: true })
    .max(8192, { error: FIELD_MESSAGES.atMostCharacters(8192) }),
});
export type SsoRequest = z.infer<typeof ssoRequestSchema>;

/** The claims an SSO token must carry (checked for presence first: `auth/sso_claim_missing`). */
export const SSO_REQUIRED_CLAIMS = ['sub', 'username', 'iat', 'exp'] as const;

/**
 * The claims of a verified SSO token. `sub` is the host's stable user id; `username` is made a
 * valid, free Parley username; `displayName` (default: the username) is updated on every sign-in;
 * `email` is accepted (the host vouches for it); `jti`, when present, is accepted once.
 */
export const ssoClaimsSchema = z.object({
  sub: z.string({ error: FIELD_MESSAGES.notText }).min(1, { error: FIELD_MESSAGES.empty }).max(255),
  username: z
    .string({ error: FIELD_MESSAGES.notText })
    .trim()
    .min(1, { error: FIELD_MESSAGES.empty, abort: true })
    .max(200, { error: FIELD_MESSAGES.atMostCharacters(200) })
    .superRefine(textRule({ kind: 'name', visible: true })),
  displayName: displayNameSchema.optional(),
  email: z.email({ error: FIELD_MESSAGES.email }).max(254).optional(),
  iat: z.number({ error: FIELD_MESSAGES.unixTime }).int({ error: FIELD_MESSAGES.unixTime }),
  exp: z.number({ error: FIELD_MESSAGES.unixTime }).int({ error: FIELD_MESSAGES.unixTime }),
  jti: z
    .string({ error: FIELD_MESSAGES.notText })
    .min(1, { error: FIELD_MESSAGES.empty })
    .max(255)
    .optional(),
});
export type SsoClaims = z.infer<typeof ssoClaimsSchema>;

/** `GET /api/auth/options`: how readers may sign in here (the embed asks the host to sign in when `sso`). */
export const authOptionsSchema = z.object({
  /** Single sign-on is configured (PARLEY_SSO_SECRET). */
  sso: z.boolean(),
});
export type AuthOptions = z.infer<typeof authOptionsSchema>;

/** `PATCH /api/auth/me`: a new email (null removes it) and/or display name. */
export const updateMeRequestSchema = z
  .object({
    email: emailSchema.nullable().optional(),
    displayName: displayNameSchema.optional(),
    /** The reader's language; null forgets the choice (the browser's languages apply again). */
    locale: localeSchema.nullable().optional(),
  })
  .strict()
  .refine(
    (value) => value.email !== undefined || value.displayName !== undefined || value.locale !== undefined,
    {
      error: FIELD_MESSAGES.nothingToChange,
    },
  );
export type UpdateMeRequest = z.infer<typeof updateMeRequestSchema>;
