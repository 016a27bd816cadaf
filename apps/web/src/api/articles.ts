import type { Article } from '@parley/shared';
import { http } from './http.js';

export const articlesApi = {
  get: (slug: string) => http.get<Article>(`/api/articles/${encodeURIComponent(slug)}`),
};
