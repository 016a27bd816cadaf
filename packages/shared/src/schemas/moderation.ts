import { z } from 'zod';
import { FIELD_MESSAGES } from '../field-messages.js';
import { moderationHookLabelsSchema } from './moderation-hook.js';
import { BULK_DECISION_MAX, QUEUES, REJECT_REASONS, SUSPEND_HOURS, WORD_LIST_MAX_WORDS } from '../values.js';
import { cursorSchema, idSchema, isoDateSchema, pageOf, slugSchema } from './common.js';
import { commentSchema, moderationFlagSchema, reportReasonSchema } from './comments.js';
import { textRule } from './text.js';
import { publicUserSchema, userStatusSchema } from './users.js';

export const queueSchema = z.enum(QUEUES);
export type Queue = z.infer<typeof queueSchema>;

export const rejectReasonSchema = z.enum(REJECT_REASONS);

/** How a queue is ordered: newest first, or by toxicity score, highest first (unscored last). */
export const queueSortSchema = z.enum(['newest', 'score']);
export type QueueSort = z.infer<typeof queueSortSchema>;

export const queueQuerySchema = z.object({
  story: slugSchema.optional(),
  sort: queueSortSchema.default('newest'),
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type QueueQuery = z.infer<typeof queueQuerySchema>;

export const authorHistorySchema = publicUserSchema.extend({
  status: userStatusSchema,
  suspendedUntil: isoDateSchema.nullable(),
  alwaysPremod: z.boolean(),
  approvedCount: z.number().int(),
  rejectedCount: z.number().int(),
  createdAt: isoDateSchema,
  /**
   * The address itself only for admins, as on the person drawer: null for moderators, who see
   * whether one is confirmed (`emailVerified`), and on live cards (the room holds both).
   */
  email: z.string().nullable(),
  emailVerified: z.boolean(),
});
export type AuthorHistory = z.infer<typeof authorHistorySchema>;

export const queueReportSchema = z.object({
  reason: reportReasonSchema,
  note: z.string().nullable(),
  reporter: z.string(),
  createdAt: isoDateSchema,
});

/** One card in a moderation queue: the comment and everything needed to decide on it. */
export const queueItemSchema = z.object({
  comment: commentSchema,
  story: z.object({ id: idSchema, slug: slugSchema, title: z.string() }),
  parent: commentSchema.nullable(),
  flags: z.array(moderationFlagSchema),
  matchedWords: z.array(z.string()),
  /** What the external moderation hook said (the `hook` flag: it held or rejected the comment). */
  hook: z.object({ reason: z.string().nullable(), labels: moderationHookLabelsSchema }).nullable(),
  /**
   * The local toxicity score (0–1) and every label's probability; null when not scored (no model,
   * staff, or a miss). With the `toxic` flag the score held or rejected the comment.
   */
  toxicity: z.object({ score: z.number(), labels: z.record(z.string(), z.number()) }).nullable(),
  /** The author was warned that it may break the guidelines and posted it anyway. */
  postedAnyway: z.boolean(),
  reports: z.array(queueReportSchema),
  openReportCount: z.number().int(),
  author: authorHistorySchema,
  decidedBy: z.string().nullable(),
  /** Staff only: how many times the author edited it (its revisions); readers see only "(edited)". */
  revisionCount: z.number().int().min(0),
});
export type QueueItem = z.infer<typeof queueItemSchema>;

/** One earlier text of a comment: what an edit replaced, when, and who edited. */
export const commentRevisionSchema = z.object({
  id: idSchema,
  body: z.string(),
  editedAt: isoDateSchema,
  /** The editor's username (null once the account row is gone). */
  editedBy: z.string().nullable(),
});
export type CommentRevision = z.infer<typeof commentRevisionSchema>;

/** GET /api/moderation/comments/:id/revisions: the current text and every earlier one, oldest first. */
export const commentRevisionsSchema = z.object({
  commentId: idSchema,
  current: z.object({ body: z.string(), editedAt: isoDateSchema.nullable() }),
  revisions: z.array(commentRevisionSchema),
});
export type CommentRevisions = z.infer<typeof commentRevisionsSchema>;

export const queueCountsSchema = z.object({
  pending: z.number().int(),
  reported: z.number().int(),
  unmoderated: z.number().int(),
  approved: z.number().int(),
  rejected: z.number().int(),
});
export type QueueCounts = z.infer<typeof queueCountsSchema>;

export const queuePageSchema = pageOf(queueItemSchema).extend({ counts: queueCountsSchema });
export type QueuePage = z.infer<typeof queuePageSchema>;

/**
 * `override` reverses a decision another moderator already made (from the Approved or Rejected
 * queue); without it such a decision is refused as `moderation/already_decided`.
 */
export const approveRequestSchema = z.object({ override: z.boolean().default(false) });
export const rejectRequestSchema = z.object({
  reason: rejectReasonSchema,
  override: z.boolean().default(false),
});
export type RejectReason = z.infer<typeof rejectReasonSchema>;

/** The answer to every comment decision: where the comment now stands. */
export const decisionResponseSchema = z.object({ comment: commentSchema, queues: z.array(queueSchema) });
export type DecisionResponse = z.infer<typeof decisionResponseSchema>;
const bulkIdsSchema = z
  .array(idSchema)
  .min(1, { error: FIELD_MESSAGES.selectComments })
  .max(BULK_DECISION_MAX, { error: FIELD_MESSAGES.atMostComments(BULK_DECISION_MAX) })
  .refine((ids) => new Set(ids).size === ids.length, { error: FIELD_MESSAGES.commentTwice });

/**
 * POST /api/moderation/comments/bulk: one decision for up to 100 comments, in one transaction. No
 * `override`: a comment another moderator decided meanwhile is reported back, never overwritten.
 */
export const bulkDecisionRequestSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('approve'), ids: bulkIdsSchema }),
  z.object({ action: z.literal('reject'), ids: bulkIdsSchema, reason: rejectReasonSchema }),
  z.object({ action: z.literal('feature'), ids: bulkIdsSchema }),
]);
export type BulkDecisionRequest = z.infer<typeof bulkDecisionRequestSchema>;

/**
 * What became of one comment of a bulk decision: `decided` (changed now), `unchanged` (already so,
 * by this moderator), `already_decided` (another moderator decided it: `decidedBy` says who),
 * `not_editable` (deleted, or rejected for a feature), `not_found`.
 */
export const bulkDecisionOutcomeSchema = z.enum([
  'decided',
  'unchanged',
  'already_decided',
  'not_editable',
  'not_found',
]);
export type BulkDecisionOutcome = z.infer<typeof bulkDecisionOutcomeSchema>;

export const bulkDecisionResultSchema = z.object({
  id: idSchema,
  outcome: bulkDecisionOutcomeSchema,
  /** Where the comment now stands (null when not found). */
  comment: commentSchema.nullable(),
  queues: z.array(queueSchema),
  decidedBy: z.string().nullable(),
  /** For anything but `decided` and `unchanged`: what a person can read. */
  message: z.string().nullable(),
});
export type BulkDecisionResult = z.infer<typeof bulkDecisionResultSchema>;

export const bulkDecisionResponseSchema = z.object({ results: z.array(bulkDecisionResultSchema) });
export type BulkDecisionResponse = z.infer<typeof bulkDecisionResponseSchema>;

export const suspendRequestSchema = z.object({
  hours: z.union(
    SUSPEND_HOURS.map((hours) => z.literal(hours)),
    {
      error: FIELD_MESSAGES.oneOf(SUSPEND_HOURS.map(String)),
    },
  ),
});
export const banRequestSchema = z.object({
  reason: z
    .string()
    .trim()
    .min(1, { error: FIELD_MESSAGES.reasonRequired, abort: true })
    .max(500)
    .superRefine(textRule()),
  rejectExisting: z.boolean().default(false),
});
export const premodRequestSchema = z.object({ on: z.boolean() });
/** Admins make and unmake moderators; admin accounts come from PARLEY_ADMIN only. */
export const roleRequestSchema = z.object({ role: z.enum(['reader', 'moderator']) });
export type RoleRequest = z.infer<typeof roleRequestSchema>;

/** The answer to every user action. */
export const moderatedUserSchema = authorHistorySchema;
export type ModeratedUser = AuthorHistory;

const wordListEntry = z
  .string()
  .trim()
  .min(1, { error: FIELD_MESSAGES.wordEntryEmpty })
  .max(100, { error: FIELD_MESSAGES.wordEntryTooLong(100) })
  .refine((entry) => entry.split(/\s+/).length <= WORD_LIST_MAX_WORDS, {
    error: FIELD_MESSAGES.wordEntryTooManyWords(WORD_LIST_MAX_WORDS),
  })
  .superRefine(textRule());
const threshold = z
  .number({ error: FIELD_MESSAGES.thresholdNotNumber })
  .min(0, { error: FIELD_MESSAGES.thresholdRange })
  .max(1, { error: FIELD_MESSAGES.thresholdRange })
  .nullable();

/**
 * The site's toxicity thresholds (each 0–1, or null: off): `warn` tells the author before the
 * comment is stored, `hold` sends it to Pending, `reject` rejects it. They apply only where the node
 * loaded a model (PARLEY_TOXICITY_MODEL_DIR).
 */
export const toxicityThresholdsSchema = z.object({ warn: threshold, hold: threshold, reject: threshold });
export type ToxicityThresholds = z.infer<typeof toxicityThresholdsSchema>;

/** The thresholds, and the model the answering node loaded (null: scoring is off on it). */
export const toxicitySettingsSchema = toxicityThresholdsSchema.extend({
  model: z.object({ name: z.string(), sha256: z.string() }).nullable(),
});
export type ToxicitySettings = z.infer<typeof toxicitySettingsSchema>;

export const wordListsSchema = z.object({
  banned: z.array(wordListEntry).max(5000, { error: FIELD_MESSAGES.atMostEntries(5000) }),
  suspect: z.array(wordListEntry).max(5000, { error: FIELD_MESSAGES.atMostEntries(5000) }),
});
export type WordLists = z.infer<typeof wordListsSchema>;

export const queueParamsSchema = z.object({ queue: queueSchema });
export const queueCountsQuerySchema = z.object({ story: slugSchema.optional() });
