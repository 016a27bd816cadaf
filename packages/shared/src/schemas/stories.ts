import { z } from 'zod';
import { FIELD_MESSAGES } from '../field-messages.js';
import {
  normalizeStoryUrl,
  STORY_COUNTS_MAX_KEYS,
  STORY_EXTERNAL_ID_MAX_LENGTH,
  STORY_TITLE_MAX_LENGTH,
  STORY_URL_MAX_LENGTH,
} from '../stories.js';
import { PREMOD_MODES } from '@parley/db/schema';
import { cursorSchema, idSchema, isoDateSchema, pageOf, slugSchema } from './common.js';
import { textRule } from './text.js';

/** An absolute http(s) URL, answered in its one normalized spelling (see `normalizeStoryUrl`). */
export const storyUrlSchema = z
  .string({ error: FIELD_MESSAGES.storyUrl })
  .trim()
  .min(1, { error: FIELD_MESSAGES.storyUrl, abort: true })
  .max(STORY_URL_MAX_LENGTH, { error: FIELD_MESSAGES.atMostCharacters(STORY_URL_MAX_LENGTH), abort: true })
  .refine((value) => normalizeStoryUrl(value) !== null, {
    error: FIELD_MESSAGES.storyUrl,
    abort: true,
  })
  .transform((value) => normalizeStoryUrl(value)!)
  .refine((value) => value.length <= STORY_URL_MAX_LENGTH, {
    error: FIELD_MESSAGES.atMostCharacters(STORY_URL_MAX_LENGTH),
  });

/** The host CMS's id for a story (`story-id` in the embed). */
export const storyExternalIdSchema = z
  .string({ error: FIELD_MESSAGES.notText })
  .trim()
  .min(1, { error: FIELD_MESSAGES.empty, abort: true })
  .max(STORY_EXTERNAL_ID_MAX_LENGTH, { error: FIELD_MESSAGES.atMostCharacters(STORY_EXTERNAL_ID_MAX_LENGTH) })
  .superRefine(textRule({ kind: 'name' }));

/** A title an admin types: required, trimmed, at most STORY_TITLE_MAX_LENGTH. */
export const storyTitleSchema = z
  .string({ error: FIELD_MESSAGES.required })
  .trim()
  .min(1, { error: FIELD_MESSAGES.empty, abort: true })
  .max(STORY_TITLE_MAX_LENGTH, { error: FIELD_MESSAGES.atMostCharacters(STORY_TITLE_MAX_LENGTH) })
  .superRefine(textRule({ visible: true }));

/**
 * A title sent by a host page (its `document.title` by default): runs of white space become one
 * space and a long title is cut rather than refused, so an embed never fails over its page's title.
 * Empty after trimming counts as not given.
 */
export const pageTitleSchema = z
  .string({ error: FIELD_MESSAGES.notText })
  .max(10_000, { error: FIELD_MESSAGES.atMostCharacters(10_000) })
  .transform((value) =>
    Array.from(value.replace(/\s+/g, ' ').trim()).slice(0, STORY_TITLE_MAX_LENGTH).join('').trim(),
  )
  .superRefine(textRule());

export const premodModeSchema = z.enum(PREMOD_MODES);
export type PremodMode = z.infer<typeof premodModeSchema>;

export const storySlugParamsSchema = z.object({ slug: slugSchema });

/** A story: a thread's home. */
export const storySchema = z.object({
  id: idSchema,
  slug: slugSchema,
  /** Its canonical page, normalized. `https://parley.invalid/…` until an admin sets a real one. */
  url: z.string(),
  externalId: z.string().nullable(),
  title: z.string(),
  commentsOpen: z.boolean(),
  premod: premodModeSchema,
  /** Comments readers can see. */
  commentCount: z.number().int(),
  createdAt: isoDateSchema,
});
export type Story = z.infer<typeof storySchema>;

/** A story with its article, as its own page shows them above the thread (`GET /api/stories/:slug`). */
export const storyWithArticleSchema = z.object({
  id: idSchema,
  slug: slugSchema,
  title: z.string(),
  paragraphs: z.array(z.string()),
  tags: z.array(z.string()),
  publishedAt: isoDateSchema,
  commentsOpen: z.boolean(),
  premod: premodModeSchema,
  /** Comments readers can see. */
  commentCount: z.number().int(),
  /** The story's canonical page (see `storySchema`); a story made on first view has no paragraphs, only this. */
  url: z.string(),
  externalId: z.string().nullable(),
});
export type StoryWithArticle = z.infer<typeof storyWithArticleSchema>;

/** `POST /api/stories/resolve`: the story of a page, by its CMS id first, else its URL; made on first use. */
export const resolveStoryRequestSchema = z.object({
  id: storyExternalIdSchema.optional(),
  url: storyUrlSchema,
  title: pageTitleSchema.optional(),
});
export type ResolveStoryRequest = z.infer<typeof resolveStoryRequestSchema>;

/** The answer of resolve and of every admin story write. */
export const storyResponseSchema = z.object({ story: storySchema });
export type StoryResponse = z.infer<typeof storyResponseSchema>;

/** One value or many (`?url=a&url=b`) as an array. */
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(item));

/**
 * `GET /api/stories/counts?url=…&url=…&id=…`. URLs are taken as given (an address that is not a
 * valid story URL simply counts 0), so one broken element cannot fail a whole page of counts.
 */
export const storyCountsQuerySchema = z
  .object({
    url: oneOrMany(
      z.string().max(STORY_URL_MAX_LENGTH, { error: FIELD_MESSAGES.atMostCharacters(STORY_URL_MAX_LENGTH) }),
    ),
    id: oneOrMany(storyExternalIdSchema),
  })
  .refine((query) => query.url.length + query.id.length >= 1, {
    error: FIELD_MESSAGES.storyKeysNone,
  })
  .refine((query) => query.url.length + query.id.length <= STORY_COUNTS_MAX_KEYS, {
    error: FIELD_MESSAGES.storyKeysTooMany(STORY_COUNTS_MAX_KEYS),
  });
export type StoryCountsQuery = z.infer<typeof storyCountsQuerySchema>;

/**
 * One entry per key asked, in the order asked (urls first, then ids), echoing the key exactly as
 * sent so a page can match it to its element; unknown stories count 0 (and are not created).
 */
export const storyCountSchema = z.union([
  z.object({ url: z.string(), count: z.number().int() }),
  z.object({ id: z.string(), count: z.number().int() }),
]);
export type StoryCount = z.infer<typeof storyCountSchema>;
export const storyCountsResponseSchema = z.object({ counts: z.array(storyCountSchema) });
export type StoryCountsResponse = z.infer<typeof storyCountsResponseSchema>;

/** `GET /api/moderation/stories`: newest first; `search` matches title or URL, ignoring case. */
export const storyListQuerySchema = z.object({
  search: z
    .string()
    .trim()
    .max(200, { error: FIELD_MESSAGES.atMostCharacters(200) })
    .superRefine(textRule())
    .optional()
    .transform((value) => value || undefined),
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type StoryListQuery = z.infer<typeof storyListQuerySchema>;
export const storyPageSchema = pageOf(storySchema);
export type StoryPage = z.infer<typeof storyPageSchema>;

/** `POST /api/moderation/stories` (admins). No URL: the placeholder; no slug: one made from the title. */
export const createStoryRequestSchema = z.object({
  title: storyTitleSchema,
  url: storyUrlSchema.optional(),
  externalId: storyExternalIdSchema.optional(),
  slug: slugSchema.optional(),
  commentsOpen: z.boolean().optional(),
  premod: premodModeSchema.optional(),
});
export type CreateStoryRequest = z.infer<typeof createStoryRequestSchema>;

/**
 * `PATCH /api/moderation/stories/:id`. Moderators may change `commentsOpen` and `premod`; title,
 * url and externalId (null clears it) are for admins.
 */
export const updateStoryRequestSchema = z
  .object({
    title: storyTitleSchema.optional(),
    url: storyUrlSchema.optional(),
    externalId: storyExternalIdSchema.nullable().optional(),
    commentsOpen: z.boolean().optional(),
    premod: premodModeSchema.optional(),
  })
  .refine((value) => Object.values(value).some((field) => field !== undefined), {
    error: FIELD_MESSAGES.nothingChanged,
  });
export type UpdateStoryRequest = z.infer<typeof updateStoryRequestSchema>;

/** `POST /api/moderation/stories/:id/merge`: every comment of `:id` moves to `into`; `:id` is then deleted. */
export const mergeStoryRequestSchema = z.object({ into: idSchema });
export type MergeStoryRequest = z.infer<typeof mergeStoryRequestSchema>;
export const mergeStoryResponseSchema = z.object({
  /** The story the comments now belong to, with its new count. */
  story: storySchema,
  /** Comments moved (every status). */
  moved: z.number().int(),
});
export type MergeStoryResponse = z.infer<typeof mergeStoryResponseSchema>;
