import type { Comment, CommentSort, ThreadComment } from '@parley/shared';
import { isVisible } from '@parley/shared/values';
import { defineStore } from 'pinia';
import { computed, ref, shallowReactive } from 'vue';
import { commentsApi } from '../api/comments.js';
import { useSessionStore } from './session.js';
import { threadViewerActions } from './thread-actions.js';
import { type Arrival, ThreadClock, threadLiveEvents } from './thread-live.js';
import { mergeComment } from './thread-merge.js';
import { ThreadTree, type ThreadTreeState } from './thread-tree.js';

export const PAGE_SIZE = 20;
const FLASH_MS = 4_000;

/**
 * One discussion on screen (the comments themselves live in a `ThreadTree`): loading it page by
 * page, merging live events, catch-up after a reconnect and the viewer's own actions, by id, and
 * keeping the count of visible comments.
 *
 * Two views use it: a whole article, or one comment and its replies ("continue this thread").
 */
export const useThreadStore = defineStore('thread', () => {
  const session = useSessionStore();

  const slug = ref<string | null>(null);
  /** In the subthread view: the comment shown with its replies. Null in the article view. */
  const subthreadParentId = ref<string | null>(null);
  const sort = ref<CommentSort>('newest');
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const error = ref<string | null>(null);
  const total = ref(0);
  const loadingMore = ref(false);
  /** The comment a permalink points at, marked on screen. */
  const focusId = ref<string | null>(null);

  // Shallow: comments are replaced, never changed in place; the tree swaps the id lists whole.
  const tree = new ThreadTree(
    shallowReactive<ThreadTreeState>({
      byId: shallowReactive(new Map()),
      children: shallowReactive(new Map()),
      repliesCursor: shallowReactive(new Map()),
      topIds: [],
      newIds: [],
    }),
  );
  const loadingReplies = shallowReactive(new Set<string>());
  const flashing = shallowReactive(new Set<string>());
  const nextCursor = ref<string | null>(null);
  const clock = new ThreadClock();
  /** Ids removed from this thread, so an echo of the removal does not count twice. */
  const gone = new Set<string>();
  /** Guards against answers for a thread we already left. */
  let generation = 0;

  const isMine = (comment: Comment) => !!session.me && comment.author?.id === session.me.id;

  function reset(nextSlug: string): void {
    generation += 1;
    slug.value = nextSlug;
    tree.clear();
    loadingReplies.clear();
    flashing.clear();
    gone.clear();
    nextCursor.value = null;
    focusId.value = null;
    error.value = null;
  }

  async function loadStory(
    nextSlug: string,
    options: { sort?: CommentSort; total?: number } = {},
  ): Promise<void> {
    reset(nextSlug);
    subthreadParentId.value = null;
    if (options.sort) sort.value = options.sort;
    if (options.total !== undefined) total.value = options.total;
    status.value = 'loading';
    const mine = generation;
    try {
      const { data, serverTime } = await commentsApi.list(nextSlug, { sort: sort.value, limit: PAGE_SIZE });
      if (mine !== generation) return;
      clock.markSynced(serverTime);
      tree.ingest(data.items);
      // Live events during the load may have buffered comments that the page already holds.
      tree.setTopLevel(data.items.map((item) => item.id));
      nextCursor.value = data.nextCursor;
      status.value = 'ready';
    } catch (caught) {
      if (mine !== generation) return;
      status.value = 'error';
      error.value = caught instanceof Error ? caught.message : String(caught);
    }
  }

  /**
   * The viewer signed in or out: what they reacted to is part of each comment. Signed out, that is
   * nothing; signed in, refetch what is on screen (one request) and merge it in place.
   */
  async function refreshForViewer(): Promise<void> {
    if (!slug.value || status.value !== 'ready') return;
    if (!session.me) {
      for (const comment of tree.state.byId.values())
        if (comment.viewerReacted) tree.set({ ...comment, viewerReacted: false });
      return;
    }
    const mine = generation;
    const limit = Math.min(100, Math.max(PAGE_SIZE, tree.state.topIds.length));
    const items: ThreadComment[] = subthreadParentId.value
      ? (await commentsApi.replies(subthreadParentId.value, { limit })).items
      : (await commentsApi.list(slug.value, { sort: sort.value, limit })).data.items;
    if (mine === generation) tree.ingest(items, { refresh: true });
  }

  async function setSort(next: CommentSort): Promise<void> {
    if (!slug.value || next === sort.value) return;
    sort.value = next;
    await loadStory(slug.value, { sort: next });
  }

  async function loadMore(): Promise<void> {
    if (!slug.value || !nextCursor.value || loadingMore.value) return;
    loadingMore.value = true;
    const mine = generation;
    try {
      const { data } = await commentsApi.list(slug.value, {
        sort: sort.value,
        cursor: nextCursor.value,
        limit: PAGE_SIZE,
      });
      if (mine !== generation) return;
      tree.ingest(data.items);
      tree.appendTopLevel(data.items.map((item) => item.id));
      nextCursor.value = data.nextCursor;
    } finally {
      loadingMore.value = false;
    }
  }

  /** Subthread view: the comment, its ancestors (for the way back) and its replies. */
  async function loadSubtree(id: string): Promise<{ storySlug: string; ancestors: Comment[] } | null> {
    status.value = 'loading';
    generation += 1;
    const mine = generation;
    try {
      const context = await commentsApi.get(id);
      if (mine !== generation) return null;
      reset(context.storySlug);
      subthreadParentId.value = id;
      tree.set(context.comment);
      tree.setTopLevel([id]);
      clock.markSynced(null);
      await loadReplies(id);
      status.value = 'ready';
      return { storySlug: context.storySlug, ancestors: context.ancestors };
    } catch (caught) {
      if (mine !== generation) return null;
      status.value = 'error';
      error.value = caught instanceof Error ? caught.message : String(caught);
      return null;
    }
  }

  async function loadReplies(parentId: string): Promise<void> {
    if (loadingReplies.has(parentId)) return;
    const cursor = tree.repliesCursor(parentId);
    if (cursor === null && tree.replyIds(parentId).length > 0) return;
    loadingReplies.add(parentId);
    const mine = generation;
    try {
      const page = await commentsApi.replies(parentId, { cursor: cursor ?? undefined, limit: PAGE_SIZE });
      if (mine !== generation) return;
      tree.appendReplies(parentId, page.items, page.nextCursor);
    } finally {
      loadingReplies.delete(parentId);
    }
  }

  function flash(id: string): void {
    flashing.add(id);
    setTimeout(() => flashing.delete(id), FLASH_MS);
  }

  function adjustTotal(before: Comment | undefined, after: Comment | undefined): void {
    total.value = Math.max(
      0,
      total.value + (after && isVisible(after) ? 1 : 0) - (before && isVisible(before) ? 1 : 0),
    );
  }

  /**
   * Merges a comment from anywhere. Known comments update in place; unknown ones go where they
   * belong: top-level comments of others into the "new" buffer, replies under their parent (if on
   * screen), the viewer's own comments straight into view.
   */
  function upsert(incoming: Comment, arrival: Arrival, options: { forViewer?: boolean } = {}): void {
    if (slug.value === null) return;
    const existing = tree.get(incoming.id);
    if (existing) {
      const merged = mergeComment(existing, incoming, { forViewer: options.forViewer });
      tree.set(merged);
      if (merged !== existing) adjustTotal(existing, merged);
      return;
    }
    if (incoming.status === 'rejected' || incoming.status === 'deleted') return;
    const placed = tree.place(incoming, {
      isNew: arrival !== 'catch-up' || clock.isAfterSnapshot(incoming.createdAt),
      shownAtOnce: arrival === 'own' || isMine(incoming),
      // The subthread view shows one thread only; an article view shows new top-level comments.
      topLevelAllowed: subthreadParentId.value === null,
      catchUp: arrival === 'catch-up',
    });
    if (placed === null) return;
    adjustTotal(undefined, incoming);
    if (placed !== 'new') flash(incoming.id);
  }

  function remove(id: string, arrival: Arrival): void {
    const removal = tree.remove(id);
    if (!removal) {
      // Every removal is of a visible comment; it may simply be on a page we have not loaded.
      if (arrival === 'live' && !gone.has(id)) total.value = Math.max(0, total.value - 1);
      gone.add(id);
      return;
    }
    gone.add(id);
    total.value = Math.max(0, total.value - removal.visibleRemoved);
    if (focusId.value === id) focusId.value = null;
  }

  // Live events and the viewer's actions place comments through `upsert` and `remove` only.
  const placement = { tree, upsert, remove, isMine };
  const { applyCreated, applyUpdated, applyRemoved, applyReactions, applyDecided, applyChanges } =
    threadLiveEvents(placement, clock);
  const { post, edit, deleteOwn, toggleLike, report, moderate } = threadViewerActions({
    ...placement,
    slug,
    adjustTotal,
  });

  /** `since` for the next catch-up. */
  const catchUpFrom = (): string => clock.catchUpFrom();

  /** Shows the buffered new comments; returns the id of the first one, to move focus there. */
  function revealNew(): string | null {
    const ids = tree.revealNew({ atEnd: sort.value === 'oldest' && nextCursor.value === null });
    ids.forEach(flash);
    return ids[0] ?? null;
  }

  /**
   * Marks a permalinked comment, first putting it and its ancestors in this view on screen where
   * they are missing (`chain`: top-most first, the comment last).
   */
  function showFocused(id: string, chain: readonly Comment[] = []): void {
    tree.placeChain(chain);
    focusId.value = id;
  }

  // ---- reading --------------------------------------------------------------------------------

  const topLevelIds = computed(() => tree.state.topIds);
  const newCount = computed(() => tree.state.newIds.length);
  const hasMore = computed(() => nextCursor.value !== null);

  const comment = (id: string): Comment | undefined => tree.get(id);
  const replyIds = (id: string): string[] => tree.replyIds(id);
  /** How many replies exist beyond those loaded (0 when none or unknown). */
  const moreReplies = (id: string): number => tree.moreReplies(id);
  const isLoadingReplies = (id: string) => loadingReplies.has(id);
  const isFlashing = (id: string) => flashing.has(id);
  /** Depth relative to the view (0 = top of this view). */
  const viewDepth = (target: Comment): number =>
    target.depth - (subthreadParentId.value ? (tree.get(subthreadParentId.value)?.depth ?? 0) : 0);

  return {
    slug,
    subthreadParentId,
    sort,
    status,
    error,
    total,
    loadingMore,
    focusId,
    topLevelIds,
    newCount,
    hasMore,
    comment,
    replyIds,
    moreReplies,
    isLoadingReplies,
    isFlashing,
    viewDepth,
    isMine,
    loadStory,
    loadSubtree,
    refreshForViewer,
    setSort,
    loadMore,
    loadReplies,
    revealNew,
    applyCreated,
    applyUpdated,
    applyRemoved,
    applyReactions,
    applyDecided,
    applyChanges,
    catchUpFrom,
    post,
    edit,
    deleteOwn,
    toggleLike,
    report,
    moderate,
    showFocused,
  };
});
