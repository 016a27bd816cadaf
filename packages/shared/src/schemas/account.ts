import { z } from 'zod';
import { REACTION_KINDS, REPORT_REASONS } from '@parley/db/schema';
import { cursorSchema, idSchema, isoDateSchema, pageOf } from './common.js';
import { rejectReasonSchema } from './moderation.js';
import { FIELD_MESSAGES } from '../field-messages.js';

/** DELETE /api/me: the password, or for single-sign-on accounts a fresh SSO token. */
export const deleteAccountRequestSchema = z.union([
  z.object({ password: z.string().min(1, { error: FIELD_MESSAGES.passwordRequired }).max(200) }).strict(),
  z.object({ ssoToken: z.string().min(1, { error: FIELD_MESSAGES.ssoTokenRequired }).max(8000) }).strict(),
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
    /** The language the reader chose (a `LOCALES` entry), null when they never chose one. */
    locale: z.string().nullable(),
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

/** Which of my comments `GET /api/me/comments` lists: all but deleted ones, or those with one status. */
export const MY_COMMENT_FILTERS = ['all', 'visible', 'pending', 'rejected'] as const;

export const myCommentsQuerySchema = z.object({
  cursor: cursorSchema.optional(),
  status: z.enum(MY_COMMENT_FILTERS, { error: FIELD_MESSAGES.oneOf(MY_COMMENT_FILTERS) }).default('all'),
  limit: z.coerce
    .number({ error: FIELD_MESSAGES.notNumber })
    .int({ error: FIELD_MESSAGES.notWholeNumber })
    .min(1, { error: FIELD_MESSAGES.atLeast(1) })
    .max(50, { error: FIELD_MESSAGES.atMost(50) })
    .default(20),
});
export type MyCommentsQuery = z.infer<typeof myCommentsQuerySchema>;

/** One of my comments, with what became of it. */
export const myCommentSchema = z.object({
  id: idSchema,
  body: z.string(),
  /** `published` and `approved` are visible to everyone; `pending` waits for a moderator. */
  status: z.enum(['published', 'approved', 'pending', 'rejected']),
  createdAt: isoDateSchema,
  editedAt: isoDateSchema.nullable(),
  story: z.object({ slug: z.string(), title: z.string() }),
  /** Where the comment can be read once visible (the host page for an embedded story). */
  url: z.string(),
  /**
   * Why it was rejected: a moderator's reason, or `automatic` (the site's word list); null when it
   * is not rejected, or a moderator gave no reason.
   */
  rejectionReason: z.union([rejectReasonSchema, z.literal('automatic')]).nullable(),
});
export type MyComment = z.infer<typeof myCommentSchema>;

/** Newest first. */
export const myCommentPageSchema = pageOf(myCommentSchema);
export type MyCommentPage = z.infer<typeof myCommentPageSchema>;

/**
 * Comments imported (from Disqus, WordPress, another Parley) under an address the reader has
 * confirmed, which they may claim: after the claim they show under the reader's own name.
 */
export const importClaimSchema = z.object({
  /** The imported account's id: `POST /api/me/claims/:id` claims it. */
  id: idSchema,
  /** Where the comments came from: `disqus`, `wordpress`, `parley`. */
  source: z.string(),
  /** The name they show under now. */
  displayName: z.string(),
  /** How many comments would move (placeholders of deleted ones included). */
  commentCount: z.number().int().nonnegative(),
  /** The first and last of them; null when the account has none. */
  firstCommentAt: isoDateSchema.nullable(),
  lastCommentAt: isoDateSchema.nullable(),
});
export type ImportClaim = z.infer<typeof importClaimSchema>;

/** GET /api/me/claims: empty unless the reader's address is confirmed. */
export const importClaimListSchema = z.object({ claims: z.array(importClaimSchema) });
export type ImportClaimList = z.infer<typeof importClaimListSchema>;

/** POST /api/me/claims/:id: how many comments are now the reader's. */
export const importClaimResultSchema = z.object({ claimed: z.number().int().nonnegative() });
export type ImportClaimResult = z.infer<typeof importClaimResultSchema>;
