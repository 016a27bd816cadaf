import { USER_ROLES, USER_STATUSES } from '@parley/db/schema';
import { z } from 'zod';
import { idSchema, isoDateSchema } from './common.js';
import { textRule } from './text.js';

export const userRoleSchema = z.enum(USER_ROLES);
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
});
export type Me = z.infer<typeof meSchema>;

export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{3,32}$/, {
    error: 'must be 3 to 32 letters, digits, dots, dashes or underscores',
  });

/** An email address: trimmed, one line, at most 254 characters, something@domain. */
export const emailSchema = z
  .string()
  .trim()
  .max(254, { error: 'must be at most 254 characters' })
  .regex(/^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/, {
    error: 'must be an email address like name@example.org',
  });

export const registerRequestSchema = z.object({
  username: usernameSchema,
  password: z
    .string()
    .min(8, { error: 'must be at least 8 characters' })
    .max(200, { error: 'must be at most 200 characters' })
    .superRefine(textRule()),
  displayName: z
    .string()
    .trim()
    .min(1, { error: 'cannot be empty', abort: true })
    .max(64, { error: 'must be at most 64 characters' })
    // One line of visible characters and no invisible ones, so one name cannot pass for another.
    .superRefine(textRule({ kind: 'name', visible: true }))
    .optional(),
  email: z.preprocess((value) => (value === '' ? undefined : value), emailSchema.optional()),
});
export type RegisterRequest = z.infer<typeof registerRequestSchema>;

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1, { error: 'is required', abort: true }).max(64).superRefine(textRule()),
  // Not held to the text rule: a password is only hashed, never stored, and refusing one here
  // would lock out an account registered with it before registration applied the rule.
  password: z.string().min(1, { error: 'is required' }).max(200),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/** `PATCH /api/auth/me`: a new email (null removes it) and/or display name. */
export const updateMeRequestSchema = z
  .object({
    email: emailSchema.nullable().optional(),
    displayName: z
      .string()
      .trim()
      .min(1, { error: 'cannot be empty', abort: true })
      .max(64, { error: 'must be at most 64 characters' })
      .superRefine(textRule({ kind: 'name', visible: true }))
      .optional(),
  })
  .strict()
  .refine((value) => value.email !== undefined || value.displayName !== undefined, {
    error: 'give an email or a displayName to change',
  });
export type UpdateMeRequest = z.infer<typeof updateMeRequestSchema>;
