import { http, withQuery } from './http.js';

/**
 * A story as `POST /api/stories/resolve` returns it (the fields the embed reads). The shared
 * `Story` type from the stories work replaces this once both are merged.
 */
export interface ResolvedStory {
  id: string;
  slug: string;
  url: string;
  externalId: string | null;
  title: string;
  commentsOpen: boolean;
  commentCount: number;
}

export interface StoryCount {
  url?: string;
  id?: string;
  count: number;
}

export const storiesApi = {
  /** The story for a host page, created on first view when the page's origin is allowed. */
  resolve: (body: { id?: string; url: string; title?: string }) =>
    http.post<{ story: ResolvedStory }>('/api/stories/resolve', body).then((answer) => answer.story),
  /** Comment counts for many pages in one request (`url` and `id` may repeat). */
  counts: async (keys: { urls: string[]; ids: string[] }): Promise<StoryCount[]> => {
    const params = new URLSearchParams();
    for (const url of keys.urls) params.append('url', url);
    for (const id of keys.ids) params.append('id', id);
    const query = params.toString();
    const answer = await http.get<{ counts: StoryCount[] }>(
      query ? `/api/stories/counts?${query}` : withQuery('/api/stories/counts', {}),
    );
    return answer.counts;
  },
};
