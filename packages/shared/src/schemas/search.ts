import { z } from 'zod';
import { FIELD_MESSAGES } from '../field-messages.js';
import { cursorSchema, idSchema, isoDateSchema, pageOf, slugSchema } from './common.js';
import { commentStatusSchema } from './comments.js';
import { textRule } from './text.js';
import { publicUserSchema } from './users.js';

/** The longest search text: enough for a sentence or a few phrases, and a bound on the query's work. */
export const COMMENT_SEARCH_MAX_LENGTH = 200;
/** The most words (and phrases' words) one search may hold. */
export const COMMENT_SEARCH_MAX_TERMS = 16;
/** What search lists: every status but `deleted`, whose text is gone and never shown. */
export const SEARCHABLE_STATUSES = ['published', 'pending', 'approved', 'rejected'] as const;
export type SearchableStatus = (typeof SEARCHABLE_STATUSES)[number];
export const COMMENT_SEARCH_SORTS = ['newest', 'rank'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `GET /api/moderation/search`. `q` is words (each must appear), "quoted phrases" (the words in
 * that order), `word*` (any word starting so) and `-word` (must not appear), matched against the
 * comment's text (language-neutral: no stemming, Cyrillic and Latin alike), its author's username
 * or display name, or its story's title. Every filter narrows; `sort=rank` needs `q`.
 */
export const commentSearchQuerySchema = z
  .object({
    q: z
      .string()
      .trim()
      .max(COMMENT_SEARCH_MAX_LENGTH, { error: FIELD_MESSAGES.atMostCharacters(COMMENT_SEARCH_MAX_LENGTH) })
      .superRefine(textRule())
      .refine((value) => (value.match(/[\p{L}\p{N}]+/gu) ?? []).length <= COMMENT_SEARCH_MAX_TERMS, {
        error: FIELD_MESSAGES.searchTooManyWords(COMMENT_SEARCH_MAX_TERMS),
      })
      .optional()
      .transform((value) => value || undefined),
    user: idSchema.optional(),
    story: z
      .string()
      .max(200, { error: FIELD_MESSAGES.storyRef })
      .refine((value) => UUID.test(value) || slugSchema.safeParse(value).success, {
        error: FIELD_MESSAGES.storyRef,
      })
      .optional(),
    status: z.enum(SEARCHABLE_STATUSES, { error: FIELD_MESSAGES.oneOf(SEARCHABLE_STATUSES) }).optional(),
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    sort: z
      .enum(COMMENT_SEARCH_SORTS, { error: FIELD_MESSAGES.oneOf(COMMENT_SEARCH_SORTS) })
      .default('newest'),
    cursor: cursorSchema.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .superRefine((query, ctx) => {
    if (query.from && query.to && Date.parse(query.from) > Date.parse(query.to)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: FIELD_MESSAGES.endBeforeStart, input: query.to });
    }
    if (query.sort === 'rank' && !query.q) {
      ctx.addIssue({
        code: 'custom',
        path: ['sort'],
        message: FIELD_MESSAGES.rankNeedsQuery,
        input: query.sort,
      });
    }
  });
export type CommentSearchQuery = z.infer<typeof commentSearchQuerySchema>;

/** One comment found: any status but deleted, with its author and story. */
export const commentSearchResultSchema = z.object({
  id: idSchema,
  parentId: idSchema.nullable(),
  body: z.string(),
  status: commentStatusSchema,
  featured: z.boolean(),
  createdAt: isoDateSchema,
  editedAt: isoDateSchema.nullable(),
  author: publicUserSchema,
  story: z.object({ id: idSchema, slug: slugSchema, title: z.string() }),
  /** How well the text matched (`sort=rank`); null when sorted newest first. */
  rank: z.number().nullable(),
});
export type CommentSearchResult = z.infer<typeof commentSearchResultSchema>;
export const commentSearchPageSchema = pageOf(commentSearchResultSchema);
export type CommentSearchPage = z.infer<typeof commentSearchPageSchema>;
