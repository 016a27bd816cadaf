import { computed, ref } from 'vue';
import { defaultStory } from '../api/default-story.js';
import { moderationApi } from '../api/moderation.js';
import { useModerationStore } from '../stores/moderation.js';

/** Stories the filter offers at most; others still appear once seen in a queue. */
const LISTED_STORIES = 100;

/** A story as the pickers name it (labels/admin.ts `storyChoiceLabel`): the address and id when known. */
export interface StoryChoice {
  slug: string;
  title: string;
  url?: string;
  externalId?: string | null;
}

const listed = ref<StoryChoice[]>([]);
let fetching: Promise<void> | null = null;

/** Forgets the fetched list, so the next use fetches it again (after a story is made or renamed). */
export function refreshModerationStories(): void {
  fetching = null;
}

/**
 * Stories a moderator can filter the queue by or configure, as `StoryChoice`s: the newest
 * stories by title, the site's default story, and any seen in a queue.
 */
export function useModerationStories() {
  const moderation = useModerationStore();
  fetching ??= Promise.all([
    moderationApi.stories({ limit: LISTED_STORIES }),
    // A site whose front story is missing still lists its other stories.
    defaultStory().catch(() => null),
  ]).then(
    ([page, front]) => {
      const stories: StoryChoice[] = page.items.map(({ slug, title, url, externalId }) => ({
        slug,
        title,
        url,
        externalId,
      }));
      // The default story is often the oldest: past the first page, it comes first.
      if (front && !stories.some((story) => story.slug === front.slug)) {
        stories.unshift({
          slug: front.slug,
          title: front.title,
          url: front.url,
          externalId: front.externalId,
        });
      }
      listed.value = stories;
    },
    () => void (fetching = null),
  );
  return computed(() => {
    const list = [...listed.value];
    for (const seen of moderation.stories)
      if (!list.some((known) => known.slug === seen.slug)) list.push(seen);
    return list;
  });
}
