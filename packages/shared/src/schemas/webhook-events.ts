import { z } from 'zod';
import { WEBHOOK_EVENTS } from '../constants.js';
import { idSchema, isoDateSchema } from './common.js';
import { commentStatusSchema, moderationFlagSchema, reportReasonSchema } from './comments.js';
import { rejectReasonSchema } from './moderation.js';

/** Who did something, as receivers see them. */
const webhookActorSchema = z.object({ id: idSchema, username: z.string() });

/** A comment in full, as `comment.created` and `comment.held` send it. */
export const webhookCommentSchema = z.object({
  id: idSchema,
  storyId: idSchema,
  storySlug: z.string(),
  /** The comment it is stored under (at the deepest level, the parent's parent). */
  parentId: idSchema.nullable(),
  author: webhookActorSchema,
  body: z.string(),
  status: commentStatusSchema,
  flags: z.array(moderationFlagSchema),
});
export type WebhookComment = z.infer<typeof webhookCommentSchema>;

/** A comment by reference, as the events about something done to it send it. */
const webhookCommentRefSchema = z.object({ id: idSchema, storyId: idSchema, authorId: idSchema });

/** The `data` of each webhook event, by type: the contract receivers code against. */
export const webhookEventDataSchemas = {
  /** A comment readers see now, posted. */
  'comment.created': z.object({ comment: webhookCommentSchema }),
  /** A comment held for review: by the pipeline (a post or an edit) or by readers' reports. */
  'comment.held': z.object({ comment: webhookCommentSchema, reason: z.enum(['pipeline', 'reports']) }),
  /** A moderator's approve, reject, feature or unfeature. */
  'comment.decided': z.object({
    comment: webhookCommentRefSchema,
    decision: z.enum(['approve', 'reject', 'feature', 'unfeature']),
    from: commentStatusSchema,
    to: commentStatusSchema,
    featured: z.boolean(),
    reason: rejectReasonSchema.nullable(),
    moderator: webhookActorSchema,
  }),
  /** A reader's report; `countsTowardHold` false for a new account's. */
  'comment.reported': z.object({
    comment: webhookCommentRefSchema,
    report: z.object({ reason: reportReasonSchema, reporterId: idSchema, countsTowardHold: z.boolean() }),
  }),
  /** A story made by a reader's first view (`resolve`) or by an admin; `url` null without a host page. */
  'story.created': z.object({
    id: idSchema,
    slug: z.string(),
    url: z.string().nullable(),
    externalId: z.string().nullable(),
    title: z.string(),
    createdAt: isoDateSchema,
    via: z.enum(['resolve', 'admin']),
  }),
  /** A ban; `rejectedComments` counts what "ban and reject existing" rejected. */
  'user.banned': z.object({
    user: webhookActorSchema,
    reason: z.string(),
    rejectedComments: z.number().int(),
    moderator: webhookActorSchema,
  }),
} satisfies Record<(typeof WEBHOOK_EVENTS)[number], z.ZodType>;

export type WebhookEventData<T extends keyof typeof webhookEventDataSchemas> = z.infer<
  (typeof webhookEventDataSchemas)[T]
>;

/** The JSON body POSTed to a webhook for one event type; `id` is the same on every retry. */
export function webhookEventBodySchema<T extends keyof typeof webhookEventDataSchemas>(type: T) {
  return z.object({
    id: idSchema,
    type: z.literal(type),
    createdAt: isoDateSchema,
    data: webhookEventDataSchemas[type],
  });
}

/** The JSON body POSTed to a webhook, one shape per event type. */
export type WebhookEventBody = {
  [T in keyof typeof webhookEventDataSchemas]: {
    id: string;
    type: T;
    createdAt: string;
    data: WebhookEventData<T>;
  };
}[keyof typeof webhookEventDataSchemas];
