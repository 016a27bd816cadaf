import type { Comment, CommentWithContext } from '@parley/shared';
import { nextTick, ref, watch } from 'vue';
import type { RouteLocationNormalizedLoaded } from 'vue-router';
import { commentsApi } from '../api/comments.js';
import { useLocalization } from '../i18n/localization.js';
import { useCommentLinks } from './useCommentLinks.js';
import { MAX_VISIBLE_DEPTH } from '../stores/thread-merge.js';
import { useThreadStore } from '../stores/thread.js';

const HASH = /^#comment-([0-9a-f-]{36})$/i;

/** The comment a URL points at: `?comment=<id>` or `#comment-<id>`. */
export function permalinkTarget(route: Pick<RouteLocationNormalizedLoaded, 'query' | 'hash'>): string | null {
  const query = route.query.comment;
  if (typeof query === 'string' && query) return query;
  return HASH.exec(route.hash)?.[1] ?? null;
}

/** What the thread on screen is: an article, or one comment and its replies. */
export interface ThreadView {
  slug: string | null;
  /** The comment shown with its replies in the subthread view (and its depth); null: article view. */
  subthread: { id: string; depth: number } | null;
}

/**
 * Where a permalinked comment (fetched with its ancestors) is shown: in this view, with the part
 * of its chain this view holds (top-most first, the comment last); or at another view's address,
 * when it belongs to another article or thread, or is too deep to indent here.
 */
export function permalinkPlace(
  context: CommentWithContext,
  view: ThreadView,
): { kind: 'here'; chain: Comment[] } | { kind: 'elsewhere'; path: string } {
  const id = context.comment.id;
  const inStory = { kind: 'elsewhere', path: `/stories/${context.storySlug}?comment=${id}` } as const;
  if (context.storySlug !== view.slug) return inStory;
  const chain = [...context.ancestors, context.comment];
  const subthread = view.subthread;
  const inView = subthread === null || context.ancestors.some((ancestor) => ancestor.id === subthread.id);
  if (!inView && context.comment.depth <= MAX_VISIBLE_DEPTH) return inStory;
  if (!inView || context.comment.depth - (subthread?.depth ?? 0) > MAX_VISIBLE_DEPTH) {
    const continueAt =
      chain.find((comment) => comment.depth === context.comment.depth - MAX_VISIBLE_DEPTH) ?? context.comment;
    return { kind: 'elsewhere', path: `/comments/${continueAt.id}?comment=${id}` };
  }
  const start = subthread ? chain.findIndex((comment) => comment.id === subthread.id) : 0;
  return { kind: 'here', chain: chain.slice(Math.max(0, start)) };
}

export type PermalinkResult =
  { kind: 'here' } | { kind: 'elsewhere'; path: string } | { kind: 'missing'; message: string };

/**
 * Brings a permalinked comment on screen: from the thread if loaded, else fetched with its
 * ancestors and put in place; or says where it is shown instead.
 */
export async function focusPermalink(
  thread: ReturnType<typeof useThreadStore>,
  id: string,
): Promise<PermalinkResult> {
  if (thread.comment(id)) {
    thread.showFocused(id);
    return { kind: 'here' };
  }
  let context: CommentWithContext;
  try {
    context = await commentsApi.get(id);
  } catch (caught) {
    return { kind: 'missing', message: caught instanceof Error ? caught.message : String(caught) };
  }
  const parentId = thread.subthreadParentId;
  const place = permalinkPlace(context, {
    slug: thread.slug,
    subthread: parentId === null ? null : { id: parentId, depth: thread.comment(parentId)?.depth ?? 0 },
  });
  if (place.kind === 'elsewhere') return place;
  thread.showFocused(id, place.chain);
  return { kind: 'here' };
}

/**
 * Scrolls to and highlights the comment in the URL once the thread is loaded, fetching it with
 * its ancestors when it is not on the first page, or moving to the view where it fits.
 */
export function useCommentPermalink() {
  // The address comes from the page: the router in the app, the host page's hash in the embed.
  const links = useCommentLinks();
  const { t } = useLocalization();
  const thread = useThreadStore();
  const problem = ref<string | null>(null);

  watch(
    () => [links.permalinkTarget(), thread.status === 'ready'] as const,
    async ([target, ready]) => {
      problem.value = null;
      if (!target || !ready) return;
      const result = await focusPermalink(thread, target);
      if (links.permalinkTarget() !== target) return;
      switch (result.kind) {
        case 'here': {
          await nextTick();
          const element = links.findElement(`comment-${target}`);
          element?.scrollIntoView({ block: 'center' });
          element?.focus({ preventScroll: true });
          break;
        }
        case 'elsewhere':
          await links.openElsewhere(result.path);
          break;
        case 'missing':
          problem.value = t('thread.permalinkMissing', { reason: result.message });
          break;
      }
    },
    { immediate: true },
  );

  return { problem };
}
