/** The route catalogue: Stories (the embed resolves its story, count.js asks for counts). */
import {
  resolveStoryRequestSchema,
  storyCountsQuerySchema,
  storyCountsResponseSchema,
  storyResponseSchema,
  storySlugParamsSchema,
  storyWithArticleSchema,
} from '../schemas/stories.js';
import { defineRoutes } from './define.js';

export const storyRoutes = defineRoutes({
  resolveStory: {
    tag: 'Stories',
    summary: "A host page's story, created on its first view",
    description:
      "Finds the story by `id` (the CMS id; a new `url` then moves it), else by the normalized `url`. Creates it (201) only when the URL's origin is in `PARLEY_ORIGINS` and `PARLEY_LAZY_STORIES` is not `false`.",
    access: 'public',
    body: resolveStoryRequestSchema,
    responses: {
      200: { description: 'The story, found.', body: storyResponseSchema },
      201: { description: 'The story, created on this first view.', body: storyResponseSchema },
    },
    errors: ['story/origin_not_allowed', 'story/not_found', 'story/rate_limited'],
  },
  getDefaultStory: {
    tag: 'Stories',
    summary: "The site's front story, the one its home page shows",
    description:
      'The story whose slug `PARLEY_DEFAULT_STORY` names (by default the seeded story); 404 when no story has that slug.',
    access: 'public',
    responses: { 200: { description: 'The front story.', body: storyResponseSchema } },
    errors: ['story/not_found'],
  },
  getStoryCounts: {
    tag: 'Stories',
    summary: 'Comment counts of many stories in one request',
    description:
      'One entry per `url` and `id` asked (1–100 in all), urls first, keys echoed as sent; an unknown story counts 0 and is not created.',
    access: 'public',
    query: storyCountsQuerySchema,
    responses: { 200: { description: 'The counts.', body: storyCountsResponseSchema } },
    errors: [],
  },
  getStory: {
    tag: 'Stories',
    summary: 'A story with its article, as its own page shows it',
    description:
      'Declared after the fixed paths under `/api/stories/` (`counts`, `default`, `resolve`), which no story can take as its slug.',
    access: 'public',
    params: storySlugParamsSchema,
    responses: { 200: { description: 'The story.', body: storyWithArticleSchema } },
    errors: ['story/not_found'],
  },
});
