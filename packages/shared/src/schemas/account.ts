import { z } from 'zod';
import { REACTION_KINDS, REPORT_REASONS } from '@parley/db/schema';
import { idSchema, isoDateSchema } from './common.js';

/** DELETE /api/me: the password, or for single-sign-on accounts a fresh SSO token. */
export const deleteAccountRequestSchema = z.union([
  z.object({ password: z.string().min(1, { error: 'enter your password' }).max(200) }).strict(),
  z.object({ ssoToken: z.string().min(1, { error: 'a sign-on token is needed' }).max(8000) }).strict(),
]);
export type DeleteAccountRequest = z.infer<typeof deleteAccountRequestSchema>;

/** GET /api/me/export: everything Parley keeps about the signed-in account. */
export const myDataExportSchema = z.object({
  exportedAt: isoDateSchema,
  account: z.object({
    id: idSchema,
    username: z.string(),
    displayName: z.string(),
    role: z.string(),
    status: z.string(),
    createdAt: isoDateSchema,
    /** The account's email address (null when none), and whether it was confirmed. */
    email: z.string().nullable(),
    emailVerified: z.boolean(),
  }),
  comments: z.array(
    z.object({
      id: idSchema,
      parentId: idSchema.nullable(),
      body: z.string(),
      status: z.string(),
      createdAt: isoDateSchema,
      editedAt: isoDateSchema.nullable(),
      /** `url`: the story's page on this site (absolute when PARLEY_PUBLIC_URL is set). */
      story: z.object({ slug: z.string(), title: z.string(), url: z.string() }),
      /** Where the comment can be read: the host page for an embedded story, else this site (as notifications link). */
      url: z.string(),
      /** The texts its edits replaced, oldest first, with when each edit was made. */
      revisions: z.array(z.object({ body: z.string(), editedAt: isoDateSchema })),
    }),
  ),
  reactions: z.array(
    z.object({ commentId: idSchema, kind: z.enum(REACTION_KINDS), createdAt: isoDateSchema }),
  ),
  reports: z.array(
    z.object({
      commentId: idSchema,
      reason: z.enum(REPORT_REASONS),
      note: z.string().nullable(),
      createdAt: isoDateSchema,
      resolvedAt: isoDateSchema.nullable(),
    }),
  ),
  /** Sections other features add (notification settings, …), by name. */
  more: z.record(z.string(), z.unknown()),
});
export type MyDataExport = z.infer<typeof myDataExportSchema>;
