import { call } from './client.js';

export const articlesApi = {
  get: (slug: string) => call('getArticle', { params: { slug } }),
};
