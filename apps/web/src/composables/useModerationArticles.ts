import { computed, ref } from 'vue';
import { articlesApi } from '../api/articles.js';
import { moderationApi } from '../api/moderation.js';
import { DEFAULT_ARTICLE } from '../router.js';
import { useModerationStore } from '../stores/moderation.js';

/** Stories the filter offers at most; others still appear once seen in a queue. */
const LISTED_STORIES = 100;

const listed = ref<{ slug: string; title: string }[]>([]);
let fetching: Promise<void> | null = null;

/** Forgets the fetched list, so the next use fetches it again (after a story is made or renamed). */
export function refreshModerationArticles(): void {
  fetching = null;
}

/**
 * Stories a moderator can filter the queue by or configure, as `{ slug, title }`: the newest
 * stories by title, the site's default story, and any seen in a queue.
 */
export function useModerationArticles() {
  const moderation = useModerationStore();
  fetching ??= moderationApi.stories({ limit: LISTED_STORIES }).then(
    async (page) => {
      const stories = page.items.map(({ slug, title }) => ({ slug, title }));
      // The default story is the oldest: past the first page, fetch its title alone.
      if (!stories.some((story) => story.slug === DEFAULT_ARTICLE)) {
        const { slug, title } = await articlesApi.get(DEFAULT_ARTICLE);
        stories.unshift({ slug, title });
      }
      listed.value = stories;
    },
    () => void (fetching = null),
  );
  return computed(() => {
    const list = [...listed.value];
    if (!list.some((known) => known.slug === DEFAULT_ARTICLE)) {
      list.unshift({ slug: DEFAULT_ARTICLE, title: DEFAULT_ARTICLE });
    }
    for (const seen of moderation.articles)
      if (!list.some((known) => known.slug === seen.slug)) list.push(seen);
    return list;
  });
}
