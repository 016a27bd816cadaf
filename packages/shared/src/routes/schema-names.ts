import type { z } from 'zod';
import {
  commentChangesSchema,
  commentSchema,
  commentWithContextSchema,
  createCommentResponseSchema,
  reactionsUpdatedSchema,
  reportResponseSchema,
  threadCommentSchema,
  threadPageSchema,
} from '../schemas/comments.js';
import { apiErrorBodySchema } from '../schemas/errors.js';
import { healthSchema, versionSchema } from '../schemas/health.js';
import {
  decisionResponseSchema,
  moderatedUserSchema,
  queueCountsSchema,
  queuePageSchema,
  wordListsSchema,
} from '../schemas/moderation.js';
import { moderationLogPageSchema } from '../schemas/moderation-log.js';
import { moderatorNoteSchema } from '../schemas/people.js';
import { storyWithArticleSchema } from '../schemas/stories.js';
import { meSchema, publicUserSchema } from '../schemas/users.js';

/**
 * Names for the reference's shared schema components (`#/components/schemas/<name>`). A schema
 * used by several routes, or inside other schemas, reads better under a name; others are inlined.
 */
export const SCHEMA_NAMES = new Map<z.ZodType, string>([
  [apiErrorBodySchema, 'Error'],
  [healthSchema, 'Health'],
  [versionSchema, 'Version'],
  [publicUserSchema, 'PublicUser'],
  [meSchema, 'Me'],
  [storyWithArticleSchema, 'StoryWithArticle'],
  [commentSchema, 'Comment'],
  [threadCommentSchema, 'ThreadComment'],
  [threadPageSchema, 'ThreadPage'],
  [commentWithContextSchema, 'CommentWithContext'],
  [commentChangesSchema, 'CommentChanges'],
  [createCommentResponseSchema, 'CreateCommentResponse'],
  [reactionsUpdatedSchema, 'ReactionsUpdated'],
  [reportResponseSchema, 'ReportResponse'],
  [queuePageSchema, 'QueuePage'],
  [queueCountsSchema, 'QueueCounts'],
  [decisionResponseSchema, 'DecisionResponse'],
  [moderatedUserSchema, 'ModeratedUser'],
  [moderatorNoteSchema, 'ModeratorNote'],
  [wordListsSchema, 'WordLists'],
  [moderationLogPageSchema, 'ModerationLogPage'],
]);
