import { COMMENT_STATUSES, MODERATION_FLAGS, REPORT_REASONS } from '@parley/db/schema';
import { z } from 'zod';
import { COMMENT_MAX_LENGTH, COMMENT_SORTS } from '../values.js';
import { cursorSchema, idSchema, isoDateSchema, pageOf, slugSchema } from './common.js';
import { textRule } from './text.js';
import { publicUserSchema } from './users.js';
import { FIELD_MESSAGES } from '../field-messages.js';

export const commentStatusSchema = z.enum(COMMENT_STATUSES);
export type CommentStatus = z.infer<typeof commentStatusSchema>;
export const moderationFlagSchema = z.enum(MODERATION_FLAGS);
export type ModerationFlag = z.infer<typeof moderationFlagSchema>;
export const commentSortSchema = z.enum(COMMENT_SORTS);
export type CommentSort = z.infer<typeof commentSortSchema>;
export const reportReasonSchema = z.enum(REPORT_REASONS);
export type ReportReason = z.infer<typeof reportReasonSchema>;

export const commentBodySchema = z
  .string({ error: FIELD_MESSAGES.commentRequired })
  .trim()
  .min(1, { error: FIELD_MESSAGES.commentEmpty, abort: true })
  .max(COMMENT_MAX_LENGTH, { error: FIELD_MESSAGES.commentTooLong })
  // Format characters stay allowed inside a body (emoji sequences, Persian and Indic text need
  // them); a body of nothing but them and white space is empty.
  .superRefine(textRule({ visible: true }));

export const reactionCountsSchema = z.object({ like: z.number().int() });
export type ReactionCounts = z.infer<typeof reactionCountsSchema>;

/**
 * A comment as readers see it. A deleted placeholder has an empty body and a null author; so has a
 * permalink's ancestor the viewer may not read (held or rejected, someone else's), with its status.
 * `viewerReacted` is about the signed-in viewer (false in broadcasts).
 */
export const commentSchema = z.object({
  id: idSchema,
  storyId: idSchema,
  parentId: idSchema.nullable(),
  rootId: idSchema,
  depth: z.number().int(),
  author: publicUserSchema.nullable(),
  body: z.string(),
  status: commentStatusSchema,
  featured: z.boolean(),
  editedAt: isoDateSchema.nullable(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
  replyCount: z.number().int(),
  reactions: reactionCountsSchema,
  viewerReacted: z.boolean(),
});
export type Comment = z.infer<typeof commentSchema>;

/** A comment in a thread page, with its first replies nested and a cursor for the rest. */
export interface ThreadComment extends Comment {
  replies: ThreadComment[];
  /**
   * Where `GET /api/comments/:id/replies` continues after the replies nested here. Null when none
   * are nested yet (fetch from the start) or all are: compare `replies.length` with `replyCount`.
   */
  repliesCursor: string | null;
}
export const threadCommentSchema: z.ZodType<ThreadComment> = commentSchema.extend({
  get replies() {
    return z.array(threadCommentSchema);
  },
  repliesCursor: z.string().nullable(),
});

export const threadPageSchema = pageOf(threadCommentSchema);
export type ThreadPage = z.infer<typeof threadPageSchema>;

export const listCommentsQuerySchema = z.object({
  sort: commentSortSchema.default('newest'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: cursorSchema.optional(),
});
export type ListCommentsQuery = z.infer<typeof listCommentsQuerySchema>;

export const listRepliesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: cursorSchema.optional(),
});
export type ListRepliesQuery = z.infer<typeof listRepliesQuerySchema>;

/** `GET /api/comments/:id`: the comment and its ancestors, root first. */
export const commentWithContextSchema = z.object({
  comment: commentSchema,
  ancestors: z.array(commentSchema),
  storySlug: slugSchema,
});
export type CommentWithContext = z.infer<typeof commentWithContextSchema>;

/** `GET /api/stories/:slug/comments/changes?since=`: what changed while a client was away. */
export const commentChangesQuerySchema = z.object({ since: isoDateSchema });
export const commentChangesSchema = z.object({
  /** Visible comments created or changed since then (top-level and replies alike). */
  changed: z.array(commentSchema),
  /** Comments that stopped being visible since then; never one that readers could not see before. */
  removedIds: z.array(idSchema),
  /** Pass this as `since` next time. */
  serverTime: isoDateSchema,
  /** More changed than one answer holds: reload the thread rather than merge. */
  truncated: z.boolean(),
});
export type CommentChanges = z.infer<typeof commentChangesSchema>;

export const createCommentRequestSchema = z.object({
  body: commentBodySchema,
  parentId: idSchema.optional(),
  /** A UUID made by the browser per draft: a retry with the same one returns the same comment. */
  clientId: idSchema.optional(),
  /**
   * The author was told the comment may break the guidelines (`comment/may_break_guidelines`) and
   * posts it as it is: no warning this time, and moderators see "posted anyway".
   */
  postAnyway: z.boolean().optional(),
});
export type CreateCommentRequest = z.infer<typeof createCommentRequestSchema>;

/**
 * The answer to a post. `comment.status` says where it went: `published`/`approved` are visible,
 * `pending` is held for review, `rejected` was refused by the automatic moderation.
 */
export const createCommentResponseSchema = z.object({ comment: commentSchema });
export type CreateCommentResponse = z.infer<typeof createCommentResponseSchema>;

export const editCommentRequestSchema = z.object({ body: commentBodySchema });
export type EditCommentRequest = z.infer<typeof editCommentRequestSchema>;

export const reportRequestSchema = z.object({
  reason: reportReasonSchema,
  note: z
    .string()
    .trim()
    .max(500, { error: FIELD_MESSAGES.atMostCharacters(500) })
    .superRefine(textRule())
    .optional(),
});
export type ReportRequest = z.infer<typeof reportRequestSchema>;
/** 201 for a new report, 200 when this reader had already reported the comment. */
export const reportResponseSchema = z.object({ reported: z.literal(true) });
export type ReportResponse = z.infer<typeof reportResponseSchema>;

export const idParamsSchema = z.object({ id: idSchema });
export const reactionParamsSchema = z.object({ id: idSchema, kind: z.enum(['like']) });

export const reactionsUpdatedSchema = z.object({ id: idSchema, counts: reactionCountsSchema });
export type ReactionsUpdated = z.infer<typeof reactionsUpdatedSchema>;
