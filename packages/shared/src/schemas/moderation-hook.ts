import { z } from 'zod';
import { FIELD_MESSAGES } from '../field-messages.js';
import { USER_ROLES } from '@parley/db/schema';
import { commentStatusSchema } from './comments.js';
import { idSchema, isoDateSchema } from './common.js';

/**
 * The external moderation hook's contract (PARLEY_MODERATION_HOOK_URL, README "Automatic
 * moderation"). Parley POSTs a `ModerationHookRequest` for every new comment and every edit, signed
 * like a webhook delivery (`X-Parley-Signature`), and reads a `ModerationHookAnswer` (or 204: no opinion).
 */

/** What the hook may say about a comment. */
export const MODERATION_HOOK_ACTIONS = ['publish', 'hold', 'reject'] as const;
export type ModerationHookAction = (typeof MODERATION_HOOK_ACTIONS)[number];

/** Longest reason kept; labels are at most this many, each key and text value at most 64 / 200 characters. */
export const MODERATION_HOOK_REASON_MAX = 500;
export const MODERATION_HOOK_LABELS_MAX = 20;

/** A label's value: a word, a score or a yes/no ("toxicity": 0.93, "language": "de", "spam": true). */
export const moderationHookLabelsSchema = z
  .record(z.string().min(1).max(64), z.union([z.string().max(200), z.number(), z.boolean()]))
  .refine((labels) => Object.keys(labels).length <= MODERATION_HOOK_LABELS_MAX, {
    error: FIELD_MESSAGES.atMostItems(MODERATION_HOOK_LABELS_MAX),
  });
export type ModerationHookLabels = z.infer<typeof moderationHookLabelsSchema>;

/** The hook's answer (with status 200): anything else that is not a 204 counts as no opinion. Unknown fields are ignored. */
export const moderationHookAnswerSchema = z.object({
  action: z.enum(MODERATION_HOOK_ACTIONS),
  reason: z.string().trim().max(MODERATION_HOOK_REASON_MAX).default(''),
  labels: moderationHookLabelsSchema.default({}),
});
export type ModerationHookAnswer = z.infer<typeof moderationHookAnswerSchema>;

/** What Parley sends: the comment as written, the author's standing (never an email) and the story. */
export const moderationHookRequestSchema = z.object({
  /** `comment.created` for a new comment, `comment.edited` for an edit (the body is the new text). */
  event: z.enum(['comment.created', 'comment.edited']),
  comment: z.object({
    id: idSchema,
    body: z.string(),
    parentId: idSchema.nullable(),
    /** When the comment was written (for an edit: first posted). */
    createdAt: isoDateSchema,
    /** The comment's status before this edit; null for a new comment. */
    status: commentStatusSchema.nullable(),
  }),
  author: z.object({
    id: idSchema,
    role: z.enum(USER_ROLES),
    /** Whole days since the account was made. */
    accountAgeDays: z.number().int(),
    /** The author's comments by status (before this one). */
    comments: z.object({
      published: z.number().int(),
      approved: z.number().int(),
      pending: z.number().int(),
      rejected: z.number().int(),
      deleted: z.number().int(),
    }),
  }),
  story: z.object({ id: idSchema, url: z.string(), title: z.string() }),
});
export type ModerationHookRequest = z.infer<typeof moderationHookRequestSchema>;
