import type { Story, StoryCount, StoryCountsResponse, StoryResponse } from '@parley/shared';
import { http } from './http.js';

export const storiesApi = {
  /** The story for a host page, created on first view when the page's origin is allowed. */
  resolve: (body: { id?: string; url: string; title?: string }): Promise<Story> =>
    http.post<StoryResponse>('/api/stories/resolve', body).then((answer) => answer.story),
  /** The site's front story, the one `/` shows (the server's `PARLEY_DEFAULT_STORY`). */
  front: (): Promise<Story> => http.get<StoryResponse>('/api/stories/default').then((answer) => answer.story),
  /** Comment counts for many pages in one request (`url` and `id` repeat; keys echoed as sent). */
  counts: async (keys: { urls: string[]; ids: string[] }): Promise<StoryCount[]> => {
    const params = new URLSearchParams();
    for (const url of keys.urls) params.append('url', url);
    for (const id of keys.ids) params.append('id', id);
    const answer = await http.get<StoryCountsResponse>(`/api/stories/counts?${params.toString()}`);
    return answer.counts;
  },
};
