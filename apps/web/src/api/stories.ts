import type { Story, StoryCount } from '@parley/shared';
import { call } from './client.js';

export const storiesApi = {
  /** The story for a host page, created on first view when the page's origin is allowed. */
  resolve: async (body: { id?: string; url: string; title?: string }): Promise<Story> =>
    (await call('resolveStory', { body })).story,
  /** The site's front story, the one `/` shows (the server's `PARLEY_DEFAULT_STORY`). */
  front: async (): Promise<Story> => (await call('getDefaultStory', {})).story,
  /** A story with its article, as its own page shows it. */
  get: (slug: string) => call('getStory', { params: { slug } }),
  /** Comment counts for many pages in one request (`url` and `id` repeat; keys echoed as sent). */
  counts: async (keys: { urls: string[]; ids: string[] }): Promise<StoryCount[]> =>
    (await call('getStoryCounts', { query: { url: keys.urls, id: keys.ids } })).counts,
};
