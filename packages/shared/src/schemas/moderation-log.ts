import { z } from 'zod';
import { FIELD_MESSAGES } from '../field-messages.js';
import { MODERATION_LOG_ACTIONS } from '../values.js';
import { cursorSchema, idSchema, isoDateSchema, pageOf, slugSchema } from './common.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A value the log shows: a word, a number, a yes/no, or a list of words. */
export const moderationLogValueSchema = z
  .union([z.string(), z.number(), z.boolean(), z.array(z.string())])
  .nullable();
export type ModerationLogValue = z.infer<typeof moderationLogValueSchema>;

/** One thing an action changed, from its old value to its new one (`from` null: it had none). */
export const moderationLogChangeSchema = z.object({
  field: z.string(),
  from: moderationLogValueSchema,
  to: moderationLogValueSchema,
});
export type ModerationLogChange = z.infer<typeof moderationLogChangeSchema>;

/**
 * One entry of the moderation log, staff only. It names what it was about in words: the comment by
 * its first words (plain text, no marks; null once the comment is deleted, its text erased), the
 * story by title and URL, the person by username.
 */
export const moderationLogEntrySchema = z.object({
  id: idSchema,
  /** The moderator's username; null when the system (the automatic pipeline, a CLI) acted. */
  actor: z.string().nullable(),
  actorId: idSchema.nullable(),
  action: z.string(),
  commentId: idSchema.nullable(),
  commentExcerpt: z.string().nullable(),
  userId: idSchema.nullable(),
  /** The username of `userId`, the account acted on or whose comment it was. */
  username: z.string().nullable(),
  storyId: idSchema.nullable(),
  storySlug: slugSchema.nullable(),
  storyTitle: z.string().nullable(),
  storyUrl: z.string().nullable(),
  reason: z.string().nullable(),
  /** Old → new values (a story's title, a person's role, a comment's status, a word list's size). */
  changes: z.array(moderationLogChangeSchema),
  /** The rest worth knowing, by name: words added to a list, hours of a suspension, comments moved. */
  facts: z.record(z.string(), moderationLogValueSchema),
  createdAt: isoDateSchema,
});
export type ModerationLogEntry = z.infer<typeof moderationLogEntrySchema>;
export const moderationLogPageSchema = pageOf(moderationLogEntrySchema);
export type ModerationLogPage = z.infer<typeof moderationLogPageSchema>;

/** A person named by id or by username (usernames are never UUID-shaped). */
const personRefSchema = z
  .string()
  .trim()
  .max(64, { error: FIELD_MESSAGES.personRef })
  .refine((value) => UUID.test(value) || /^[A-Za-z0-9_.-]{1,32}$/.test(value), {
    error: FIELD_MESSAGES.personRef,
  });

/**
 * `GET /api/moderation/log`: newest first; every filter narrows. `actor` is the moderator who acted,
 * `user` the person acted on (or whose comment it was), `story` a story id or slug.
 */
export const moderationLogQuerySchema = z.object({
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  actor: personRefSchema.optional(),
  action: z.enum(MODERATION_LOG_ACTIONS, { error: FIELD_MESSAGES.oneOf(MODERATION_LOG_ACTIONS) }).optional(),
  user: personRefSchema.optional(),
  story: z
    .string()
    .max(200, { error: FIELD_MESSAGES.storyRef })
    .refine((value) => UUID.test(value) || slugSchema.safeParse(value).success, {
      error: FIELD_MESSAGES.storyRef,
    })
    .optional(),
});
export type ModerationLogQuery = z.infer<typeof moderationLogQuerySchema>;
