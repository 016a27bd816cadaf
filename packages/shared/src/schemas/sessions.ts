import { z } from 'zod';
import { cursorSchema, idSchema, isoDateSchema, pageOf } from './common.js';
import { textRule } from './text.js';
import { FIELD_MESSAGES } from '../field-messages.js';

/**
 * A new password: 8 to 200 characters under the text rule. Its messages are sentences a form shows
 * beside the field as they are.
 */
export const newPasswordSchema = z
  .string({ error: FIELD_MESSAGES.newPasswordRequired })
  .min(8, { error: FIELD_MESSAGES.passwordTooShort })
  .max(200, { error: FIELD_MESSAGES.passwordTooLong })
  .superRefine(textRule());

/** `POST /api/auth/password`: the password now (checked like a sign-in) and the new one. */
export const changePasswordRequestSchema = z
  .object({
    // Not held to the text rule: an old password is only verified, never stored.
    currentPassword: z
      .string({ error: FIELD_MESSAGES.currentPasswordRequired })
      .min(1, { error: FIELD_MESSAGES.currentPasswordRequired })
      .max(200),
    newPassword: newPasswordSchema,
  })
  .strict();
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;

/** The answer of a password change and of "sign out everywhere else": how many other sessions ended. */
export const endedSessionsSchema = z.object({ endedSessions: z.number().int().min(0) });
export type EndedSessions = z.infer<typeof endedSessionsSchema>;

/** One signed-in session of the account (a browser's cookie or an embed's bearer token); never its token. */
export const accountSessionSchema = z.object({
  id: idSchema,
  createdAt: isoDateSchema,
  /** When a request last used it (kept to within a few minutes). */
  lastSeenAt: isoDateSchema,
  expiresAt: isoDateSchema,
  /** "Firefox on Linux"; null when the browser did not say. */
  userAgent: z.string().nullable(),
  /** The session this request came with. */
  current: z.boolean(),
});
export type AccountSession = z.infer<typeof accountSessionSchema>;

export const sessionListQuerySchema = z.object({
  cursor: cursorSchema.optional(),
  limit: z.coerce
    .number({ error: FIELD_MESSAGES.notNumber })
    .int({ error: FIELD_MESSAGES.notWholeNumber })
    .min(1, { error: FIELD_MESSAGES.atLeast(1) })
    .max(100, { error: FIELD_MESSAGES.atMost(100) })
    .default(50),
});
export type SessionListQuery = z.infer<typeof sessionListQuerySchema>;

/** Newest first. */
export const accountSessionPageSchema = pageOf(accountSessionSchema);
export type AccountSessionPage = z.infer<typeof accountSessionPageSchema>;
