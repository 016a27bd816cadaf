import type {
  Comment,
  CommentChanges,
  CommentSort,
  ReactionsUpdated,
  ReportRequest,
  ThreadComment,
} from '@parley/shared';
import { isVisible } from '@parley/shared/values';
import { defineStore } from 'pinia';
import { computed, ref, shallowReactive, shallowRef } from 'vue';
import { commentsApi, type ModerationAction } from '../api/comments.js';
import { currentSocketId } from '../api/socket.js';
import { useSessionStore } from './session.js';
import {
  appendUnique,
  asDeletedPlaceholder,
  CATCH_UP_MARGIN_MS,
  catchUpSince,
  laterOf,
  MAX_VISIBLE_DEPTH,
  mergeComment,
  prependUnique,
  time,
  walkThread,
} from './thread-merge.js';

export const PAGE_SIZE = 20;
const FLASH_MS = 4_000;

/** How a comment reached us, which decides where a comment we did not know goes. */
export type Arrival =
  /** A `comment:created` event: it just became visible. */
  | 'live'
  /** Part of `/changes` after a reconnect: new only if created after our first page. */
  | 'catch-up'
  /** The viewer's own post, or another tab of theirs. */
  | 'own';

export type FocusResult =
  { kind: 'here' } | { kind: 'elsewhere'; path: string } | { kind: 'missing'; message: string };

/**
 * One discussion on screen: every comment by id, the order of the top level, the loaded replies
 * of each comment, and the buffer of new top-level comments waiting behind "N new comments".
 * Live events, catch-up after a reconnect and the viewer's own actions all merge here, by id.
 *
 * Two views use it: a whole article, or the subtree of one comment ("continue this thread").
 */
export const useThreadStore = defineStore('thread', () => {
  const session = useSessionStore();

  const slug = ref<string | null>(null);
  /** Set in subtree view: the comment whose replies are shown. */
  const rootId = ref<string | null>(null);
  const sort = ref<CommentSort>('newest');
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const error = ref<string | null>(null);
  const total = ref(0);
  const loadingMore = ref(false);
  const focusId = ref<string | null>(null);

  const byId = shallowReactive(new Map<string, Comment>());
  const children = shallowReactive(new Map<string, string[]>());
  /** Cursor for more replies; null: all loaded; absent: fetch from the start (if replyCount says there are some). */
  const repliesCursor = shallowReactive(new Map<string, string | null>());
  const loadingReplies = shallowReactive(new Set<string>());
  const flashing = shallowReactive(new Set<string>());
  const topIds = shallowRef<string[]>([]);
  const newIds = shallowRef<string[]>([]);
  const nextCursor = ref<string | null>(null);
  /** Comments created before this belong to pages we have not loaded; after it, they are new. */
  let snapshotAt = new Date(0).toISOString();
  /** The last moment we know we had every change: the next catch-up starts here (minus a margin). */
  let syncedAt = snapshotAt;
  /** Ids removed from this thread, so an echo of the removal does not count twice. */
  const gone = new Set<string>();
  /** Guards against answers for a thread we already left. */
  let generation = 0;

  const isMine = (comment: Comment) => !!session.me && comment.author?.id === session.me.id;

  function reset(nextSlug: string): void {
    generation += 1;
    slug.value = nextSlug;
    byId.clear();
    children.clear();
    repliesCursor.clear();
    loadingReplies.clear();
    flashing.clear();
    gone.clear();
    topIds.value = [];
    newIds.value = [];
    nextCursor.value = null;
    focusId.value = null;
    error.value = null;
  }

  function markSynced(serverTime: string | null): void {
    const at = serverTime ?? new Date().toISOString();
    snapshotAt = new Date(time(at) - CATCH_UP_MARGIN_MS).toISOString();
    syncedAt = at;
  }

  /**
   * Stores a page's comments (and their nested replies); returns the ids not on screen yet.
   * `refresh` only updates comments already on screen, leaving their loaded replies alone.
   */
  function ingest(items: readonly ThreadComment[], options: { refresh?: boolean } = {}): string[] {
    const fresh: string[] = [];
    for (const { comment, replyIds, repliesCursor: cursor } of walkThread(items)) {
      if (options.refresh) {
        if (byId.has(comment.id))
          byId.set(comment.id, mergeComment(byId.get(comment.id), comment, { forViewer: true }));
        continue;
      }
      if (!byId.has(comment.id)) fresh.push(comment.id);
      byId.set(comment.id, mergeComment(byId.get(comment.id), comment, { forViewer: true }));
      const loaded = appendUnique(children.get(comment.id) ?? [], replyIds);
      children.set(comment.id, loaded);
      // A null cursor means "all here" only if the count agrees; else fetch from the start.
      if (cursor !== null) repliesCursor.set(comment.id, cursor);
      else if (loaded.length >= comment.replyCount) repliesCursor.set(comment.id, null);
      else repliesCursor.delete(comment.id);
    }
    return fresh;
  }

  async function loadArticle(
    nextSlug: string,
    options: { sort?: CommentSort; total?: number } = {},
  ): Promise<void> {
    reset(nextSlug);
    rootId.value = null;
    if (options.sort) sort.value = options.sort;
    if (options.total !== undefined) total.value = options.total;
    status.value = 'loading';
    const mine = generation;
    try {
      const { data, serverTime } = await commentsApi.list(nextSlug, { sort: sort.value, limit: PAGE_SIZE });
      if (mine !== generation) return;
      markSynced(serverTime);
      ingest(data.items);
      topIds.value = data.items.map((item) => item.id);
      // Live events during the load may have buffered comments that the page already holds.
      newIds.value = newIds.value.filter((id) => !topIds.value.includes(id));
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
      for (const [id, comment] of byId)
        if (comment.viewerReacted) byId.set(id, { ...comment, viewerReacted: false });
      return;
    }
    const mine = generation;
    const limit = Math.min(100, Math.max(PAGE_SIZE, topIds.value.length));
    const items = rootId.value
      ? (await commentsApi.replies(rootId.value, { limit })).items
      : (await commentsApi.list(slug.value, { sort: sort.value, limit })).data.items;
    if (mine === generation) ingest(items, { refresh: true });
  }

  async function setSort(next: CommentSort): Promise<void> {
    if (!slug.value || next === sort.value) return;
    sort.value = next;
    await loadArticle(slug.value, { sort: next });
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
      ingest(data.items);
      // A comment revealed live may come again in a later page: keep it where it is.
      topIds.value = appendUnique(
        topIds.value,
        data.items.map((item) => item.id),
      );
      newIds.value = newIds.value.filter((id) => !topIds.value.includes(id));
      nextCursor.value = data.nextCursor;
    } finally {
      loadingMore.value = false;
    }
  }

  /** Subtree view: the comment, its ancestors (for the way back) and its replies. */
  async function loadSubtree(id: string): Promise<{ articleSlug: string; ancestors: Comment[] } | null> {
    status.value = 'loading';
    generation += 1;
    const mine = generation;
    try {
      const context = await commentsApi.get(id);
      if (mine !== generation) return null;
      reset(context.articleSlug);
      rootId.value = id;
      byId.set(id, context.comment);
      topIds.value = [id];
      markSynced(null);
      await loadReplies(id);
      status.value = 'ready';
      return { articleSlug: context.articleSlug, ancestors: context.ancestors };
    } catch (caught) {
      if (mine !== generation) return null;
      status.value = 'error';
      error.value = caught instanceof Error ? caught.message : String(caught);
      return null;
    }
  }

  async function loadReplies(parentId: string): Promise<void> {
    if (loadingReplies.has(parentId)) return;
    const cursor = repliesCursor.get(parentId);
    if (cursor === null && (children.get(parentId)?.length ?? 0) > 0) return;
    loadingReplies.add(parentId);
    const mine = generation;
    try {
      const page = await commentsApi.replies(parentId, { cursor: cursor ?? undefined, limit: PAGE_SIZE });
      if (mine !== generation) return;
      ingest(page.items);
      children.set(
        parentId,
        appendUnique(
          children.get(parentId) ?? [],
          page.items.map((item) => item.id),
        ),
      );
      repliesCursor.set(parentId, page.nextCursor);
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
    const existing = byId.get(incoming.id);
    if (existing) {
      const merged = mergeComment(existing, incoming, { forViewer: options.forViewer });
      byId.set(incoming.id, merged);
      if (merged !== existing) adjustTotal(existing, merged);
      return;
    }
    if (incoming.status === 'rejected' || incoming.status === 'deleted') return;
    const isNew = arrival !== 'catch-up' || time(incoming.createdAt) >= time(snapshotAt);

    if (incoming.parentId === null) {
      // The subtree view shows one thread only; an article view shows new top-level comments.
      if (rootId.value !== null || !isNew) return;
      byId.set(incoming.id, incoming);
      adjustTotal(undefined, incoming);
      if (arrival === 'own' || isMine(incoming)) {
        topIds.value = prependUnique(topIds.value, [incoming.id]);
        flash(incoming.id);
      } else {
        newIds.value = prependUnique(newIds.value, [incoming.id]);
      }
      return;
    }

    const parent = byId.get(incoming.parentId);
    if (!parent) return;
    const loaded = children.get(parent.id) ?? [];
    // A catch-up reply older than our first page may sit in replies we have not fetched yet.
    if (!isNew && repliesCursor.get(parent.id) !== null) return;
    byId.set(incoming.id, incoming);
    children.set(parent.id, appendUnique(loaded, [incoming.id]));
    if (incoming.replyCount === 0) repliesCursor.set(incoming.id, null);
    // A catch-up may already have brought the parent with its new count.
    const replyCount =
      arrival === 'catch-up' ? Math.max(parent.replyCount, loaded.length + 1) : parent.replyCount + 1;
    byId.set(parent.id, { ...parent, replyCount });
    adjustTotal(undefined, incoming);
    flash(incoming.id);
  }

  /** A comment and everything under it leave the screen. */
  function removeTree(id: string): number {
    let removed = 0;
    for (const child of children.get(id) ?? []) removed += removeTree(child);
    const comment = byId.get(id);
    if (comment && isVisible(comment)) removed += 1;
    byId.delete(id);
    children.delete(id);
    repliesCursor.delete(id);
    return removed;
  }

  function remove(id: string, arrival: Arrival): void {
    const comment = byId.get(id);
    if (!comment) {
      // Every removal is of a visible comment; it may simply be on a page we have not loaded.
      if (arrival === 'live' && !gone.has(id)) total.value = Math.max(0, total.value - 1);
      gone.add(id);
      return;
    }
    gone.add(id);
    const removed = removeTree(id);
    total.value = Math.max(0, total.value - removed);
    topIds.value = topIds.value.filter((other) => other !== id);
    newIds.value = newIds.value.filter((other) => other !== id);
    if (comment.parentId) {
      const siblings = children.get(comment.parentId);
      const parent = byId.get(comment.parentId);
      if (siblings)
        children.set(
          comment.parentId,
          siblings.filter((other) => other !== id),
        );
      if (parent) byId.set(parent.id, { ...parent, replyCount: Math.max(0, parent.replyCount - 1) });
    }
    if (focusId.value === id) focusId.value = null;
  }

  // ---- live events ------------------------------------------------------------------------

  function noteEventTime(comment: Comment): void {
    syncedAt = laterOf(syncedAt, comment.updatedAt);
  }

  function applyCreated(comment: Comment): void {
    noteEventTime(comment);
    upsert(comment, 'live');
  }

  function applyUpdated(comment: Comment): void {
    noteEventTime(comment);
    upsert(comment, 'live');
  }

  function applyRemoved(id: string): void {
    remove(id, 'live');
  }

  function applyReactions(update: ReactionsUpdated): void {
    const comment = byId.get(update.id);
    if (comment) byId.set(update.id, { ...comment, reactions: update.counts });
  }

  /** A moderator decided one of the viewer's held comments. */
  function applyDecided(comment: Comment): void {
    const existing = byId.get(comment.id);
    if (existing) byId.set(comment.id, { ...mergeComment(existing, comment), status: comment.status });
    else if (isVisible(comment)) upsert(comment, 'own');
  }

  /** `since` for the next catch-up. */
  function catchUpFrom(): string {
    return catchUpSince(syncedAt);
  }

  /** Merges what changed while the live connection was down. */
  function applyChanges(changes: CommentChanges): void {
    // Parents before children, so replies find the comment they answer.
    const ordered = [...changes.changed].sort(
      (a, b) => a.depth - b.depth || time(a.createdAt) - time(b.createdAt),
    );
    for (const comment of ordered) upsert(comment, 'catch-up');
    for (const id of changes.removedIds) {
      // `/changes` also lists held comments (never visible) as removed; the author's own held
      // comment stays until a decision arrives (comment:decided, or `changed` once approved).
      const held = byId.get(id);
      if (held && (held.status === 'pending' || held.status === 'rejected') && isMine(held)) continue;
      remove(id, 'catch-up');
    }
    syncedAt = laterOf(syncedAt, changes.serverTime);
  }

  /** Shows the buffered new comments; returns the id of the first one, to move focus there. */
  function revealNew(): string | null {
    const ids = newIds.value.filter((id) => byId.has(id));
    newIds.value = [];
    if (ids.length === 0) return null;
    if (sort.value === 'oldest' && nextCursor.value === null) {
      topIds.value = appendUnique(topIds.value, [...ids].reverse());
    } else {
      topIds.value = prependUnique(topIds.value, ids);
    }
    ids.forEach(flash);
    return ids[0] ?? null;
  }

  // ---- the viewer's actions ---------------------------------------------------------------

  /** Posts a comment; a held one shows to its author as awaiting moderation, a refused one is not added. */
  async function post(input: { body: string; parentId?: string; clientId: string }): Promise<Comment> {
    if (!slug.value) throw new Error('No article is open.');
    const { comment } = await commentsApi.create(slug.value, input, currentSocketId());
    if (comment.status !== 'rejected') {
      upsert(comment, 'own', { forViewer: true });
      if (comment.parentId === null) {
        topIds.value = prependUnique(topIds.value, [comment.id]);
        newIds.value = newIds.value.filter((id) => id !== comment.id);
      }
    }
    return comment;
  }

  async function edit(id: string, body: string): Promise<void> {
    const answer = await commentsApi.edit(id, body);
    const updated = 'comment' in answer ? answer.comment : answer;
    upsert(updated, 'own', { forViewer: true });
  }

  async function deleteOwn(id: string): Promise<void> {
    const answer = await commentsApi.remove(id);
    const comment = byId.get(id);
    if (!comment) return;
    if (isComment(answer)) {
      if (answer.status === 'deleted' && (answer.replyCount > 0 || (children.get(id)?.length ?? 0) > 0)) {
        byId.set(id, mergeComment(comment, answer));
        adjustTotal(comment, answer);
        return;
      }
    } else if (comment.replyCount > 0 || (children.get(id)?.length ?? 0) > 0) {
      const placeholder = asDeletedPlaceholder(comment);
      byId.set(id, placeholder);
      adjustTotal(comment, placeholder);
      return;
    }
    remove(id, 'own');
  }

  async function toggleLike(id: string): Promise<void> {
    const before = byId.get(id);
    if (!before) return;
    const liked = !before.viewerReacted;
    byId.set(id, {
      ...before,
      viewerReacted: liked,
      reactions: { like: Math.max(0, before.reactions.like + (liked ? 1 : -1)) },
    });
    try {
      const answer = liked ? await commentsApi.like(id) : await commentsApi.unlike(id);
      const current = byId.get(id);
      if (current && answer?.counts) byId.set(id, { ...current, reactions: answer.counts });
    } catch (caught) {
      const current = byId.get(id);
      if (current)
        byId.set(id, { ...current, viewerReacted: before.viewerReacted, reactions: before.reactions });
      throw caught;
    }
  }

  async function report(id: string, body: ReportRequest): Promise<void> {
    await commentsApi.report(id, body);
  }

  async function moderate(id: string, action: ModerationAction): Promise<void> {
    const answer = await commentsApi.moderate(id, action);
    const comment = isComment(answer)
      ? answer
      : isComment((answer as { comment?: unknown } | undefined)?.comment)
        ? (answer as { comment: Comment }).comment
        : null;
    const current = byId.get(id);
    if (action.kind === 'reject') {
      if (current) remove(id, 'own');
      return;
    }
    if (comment) upsert(comment, 'own');
    else if (current) {
      const patch: Partial<Comment> =
        action.kind === 'approve' ? { status: 'approved' } : { featured: action.kind === 'feature' };
      byId.set(id, { ...current, ...patch });
    }
  }

  /**
   * Brings a comment on screen for a permalink: from the page if loaded, else fetched with its
   * ancestors and put in place. Too deep for this view: where to continue instead.
   */
  async function focus(id: string): Promise<FocusResult> {
    if (byId.has(id)) {
      focusId.value = id;
      return { kind: 'here' };
    }
    let context;
    try {
      context = await commentsApi.get(id);
    } catch (caught) {
      return { kind: 'missing', message: caught instanceof Error ? caught.message : String(caught) };
    }
    if (context.articleSlug !== slug.value)
      return { kind: 'elsewhere', path: `/articles/${context.articleSlug}?comment=${id}` };
    const chain = [...context.ancestors, context.comment];
    const base = rootId.value ? (byId.get(rootId.value)?.depth ?? 0) : 0;
    const inView =
      rootId.value === null || context.ancestors.some((ancestor) => ancestor.id === rootId.value);
    if (!inView && context.comment.depth <= MAX_VISIBLE_DEPTH) {
      return { kind: 'elsewhere', path: `/articles/${context.articleSlug}?comment=${id}` };
    }
    if (!inView || context.comment.depth - base > MAX_VISIBLE_DEPTH) {
      const continueAt =
        chain.find((comment) => comment.depth === context.comment.depth - MAX_VISIBLE_DEPTH) ??
        context.comment;
      return { kind: 'elsewhere', path: `/comments/${continueAt.id}?comment=${id}` };
    }
    const start = rootId.value ? chain.findIndex((comment) => comment.id === rootId.value) : 0;
    for (let index = Math.max(0, start); index < chain.length; index += 1) {
      const comment = chain[index]!;
      if (!byId.has(comment.id)) {
        byId.set(comment.id, comment);
        const parentId = comment.parentId;
        if (parentId === null) {
          topIds.value = prependUnique(topIds.value, [comment.id]);
          newIds.value = newIds.value.filter((other) => other !== comment.id);
        } else {
          children.set(parentId, appendUnique(children.get(parentId) ?? [], [comment.id]));
        }
      }
    }
    focusId.value = id;
    return { kind: 'here' };
  }

  function clearFocus(): void {
    focusId.value = null;
  }

  // ---- reading --------------------------------------------------------------------------------

  const topLevelIds = computed(() => topIds.value);
  const newCount = computed(() => newIds.value.length);
  const hasMore = computed(() => nextCursor.value !== null);

  const comment = (id: string): Comment | undefined => byId.get(id);
  const replyIds = (id: string): string[] => children.get(id) ?? [];
  /** How many replies exist beyond those loaded (0 when none or unknown). */
  const moreReplies = (id: string): number => {
    const target = byId.get(id);
    if (!target) return 0;
    const loaded = children.get(id)?.length ?? 0;
    const cursor = repliesCursor.get(id);
    if (cursor === null) return 0;
    if (cursor === undefined) return Math.max(0, target.replyCount - loaded);
    return Math.max(1, target.replyCount - loaded);
  };
  const isLoadingReplies = (id: string) => loadingReplies.has(id);
  const isFlashing = (id: string) => flashing.has(id);
  /** Depth relative to the view (0 = top of this view). */
  const viewDepth = (target: Comment): number =>
    target.depth - (rootId.value ? (byId.get(rootId.value)?.depth ?? 0) : 0);

  return {
    slug,
    rootId,
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
    loadArticle,
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
    focus,
    clearFocus,
  };
});

function isComment(value: unknown): value is Comment {
  return typeof value === 'object' && value !== null && 'id' in value && 'status' in value && 'body' in value;
}
