import { PREMOD_MODES } from '@parley/db/schema';
import { z } from 'zod';
import { idSchema, isoDateSchema, slugSchema } from './common.js';

export const premodModeSchema = z.enum(PREMOD_MODES);
export type PremodMode = z.infer<typeof premodModeSchema>;

export const articleSchema = z.object({
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
export type Article = z.infer<typeof articleSchema>;

export const articleParamsSchema = z.object({ slug: slugSchema });

/** `PATCH /api/moderation/articles/:slug`. */
export const articleSettingsRequestSchema = z
  .object({ commentsOpen: z.boolean().optional(), premod: premodModeSchema.optional() })
  .refine((value) => value.commentsOpen !== undefined || value.premod !== undefined, {
    error: 'give commentsOpen or premod',
  });
export type ArticleSettingsRequest = z.infer<typeof articleSettingsRequestSchema>;
