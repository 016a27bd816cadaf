import { computed, ref } from 'vue';
import { articlesApi } from '../api/articles.js';
import { DEFAULT_ARTICLE } from '../router.js';
import { useModerationStore } from '../stores/moderation.js';

// The API has no list of articles yet: the site's default article plus any seen in a queue.
const defaultTitle = ref<string | null>(null);
let fetching: Promise<void> | null = null;

/** Articles a moderator can filter by or configure, as `{ slug, title }`. */
export function useModerationArticles() {
  const moderation = useModerationStore();
  fetching ??= articlesApi.get(DEFAULT_ARTICLE).then(
    (article) => void (defaultTitle.value = article.title),
    () => void (fetching = null),
  );
  return computed(() => {
    const list = [{ slug: DEFAULT_ARTICLE, title: defaultTitle.value ?? DEFAULT_ARTICLE }];
    for (const seen of moderation.articles)
      if (!list.some((known) => known.slug === seen.slug)) list.push(seen);
    return list;
  });
}
