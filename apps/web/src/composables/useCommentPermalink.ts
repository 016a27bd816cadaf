import { nextTick, ref, watch } from 'vue';
import { useRoute, useRouter, type RouteLocationNormalizedLoaded } from 'vue-router';
import { useThreadStore } from '../stores/thread.js';

const HASH = /^#comment-([0-9a-f-]{36})$/i;

/** The comment a URL points at: `?comment=<id>` or `#comment-<id>`. */
export function permalinkTarget(route: Pick<RouteLocationNormalizedLoaded, 'query' | 'hash'>): string | null {
  const query = route.query.comment;
  if (typeof query === 'string' && query) return query;
  return HASH.exec(route.hash)?.[1] ?? null;
}

/**
 * Scrolls to and highlights the comment in the URL once the thread is loaded, fetching it with
 * its ancestors when it is not on the first page, or moving to the view where it fits.
 */
export function useCommentPermalink() {
  const route = useRoute();
  const router = useRouter();
  const thread = useThreadStore();
  const problem = ref<string | null>(null);

  watch(
    () => [permalinkTarget(route), thread.status === 'ready'] as const,
    async ([target, ready]) => {
      problem.value = null;
      if (!target || !ready) return;
      const result = await thread.focus(target);
      if (permalinkTarget(route) !== target) return;
      switch (result.kind) {
        case 'here': {
          await nextTick();
          const element = document.getElementById(`comment-${target}`);
          element?.scrollIntoView({ block: 'center' });
          element?.focus({ preventScroll: true });
          break;
        }
        case 'elsewhere':
          await router.replace(result.path);
          break;
        case 'missing':
          problem.value = `The linked comment is not available. ${result.message}`;
          break;
      }
    },
    { immediate: true },
  );

  return { problem };
}
