import type {
  BulkDecisionRequest,
  BulkDecisionResponse,
  AuthorHistory,
  DecisionResponse,
  Queue,
  QueueCounts,
  QueueSort,
  QueueItem,
  QueuePage,
} from '@parley/shared';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { errorMessage } from '../api/http.js';
import { moderationApi, type Decision, type SuspendHours } from '../api/moderation.js';
import { withAuthorHistory, type AuthorSource } from './queue-authors.js';
import { idOf, newerFirst, withoutId } from './queue-order.js';
import { appendPage, mergeFirstPage } from './queue-paging.js';

export const QUEUE_PAGE_SIZE = 20;

export type QueueLoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/**
 * One moderation queue (a tab, maybe filtered by story) kept live. Cards that arrive while a
 * moderator reads wait in `incoming` behind a "N new" button, so nothing moves under them; cards
 * that leave the queue (decided here or by another moderator) are removed at once.
 */
export const useModerationStore = defineStore('moderation', () => {
  const queue = ref<Queue>('pending');
  /** The story slug the queue is filtered by; null for all stories. */
  const story = ref<string | null>(null);
  /** Newest first, or by toxicity score (highest first, unscored last). */
  const sort = ref<QueueSort>('newest');
  const items = ref<QueueItem[]>([]);
  /** New cards not shown yet, newest first. */
  const incoming = ref<QueueItem[]>([]);
  const counts = ref<QueueCounts | null>(null);
  const status = ref<QueueLoadStatus>('idle');
  const error = ref<string | null>(null);
  const nextCursor = ref<string | null>(null);
  const loadingMore = ref(false);
  const loadMoreError = ref<string | null>(null);
  /** Articles seen in any queue, for the story filter. */
  const stories = ref<{ slug: string; title: string }[]>([]);

  const hasMore = computed(() => nextCursor.value !== null);

  /** Bumped by every load (a new tab or filter), so a late answer for an older view is dropped. */
  let view = 0;
  /** Bumped by every catch-up, so only the latest one applies. */
  let sync = 0;
  let countsRun = 0;
  /** Live events that arrive while a page is loading wait here and apply after it, in order. */
  let held: (() => void)[] | null = null;

  function live(apply: () => void): void {
    if (held) held.push(apply);
    else apply();
  }

  function release(): void {
    const queued = held ?? [];
    held = null;
    queued.forEach((apply) => apply());
  }

  function remember(list: QueueItem[]): void {
    for (const { story: seen } of list) {
      if (!stories.value.some((known) => known.slug === seen.slug)) {
        stories.value = [...stories.value, { slug: seen.slug, title: seen.title }];
      }
    }
  }

  /** With nothing on screen there is nothing to shift: show what is waiting. */
  function settle(): void {
    if (items.value.length === 0 && incoming.value.length > 0) reveal();
  }

  /** The tab's count moves with the cards at once; the server's counts (a second later) then confirm it. */
  function bumpCount(by: 1 | -1): void {
    const now = counts.value?.[queue.value];
    if (counts.value && now !== undefined)
      counts.value = { ...counts.value, [queue.value]: Math.max(0, now + by) };
  }

  function removeLocal(id: string): void {
    const known = (list: QueueItem[]) => list.some((item) => idOf(item) === id);
    if (known(items.value) || known(incoming.value)) bumpCount(-1);
    items.value = withoutId(items.value, id);
    incoming.value = withoutId(incoming.value, id);
    settle();
  }

  function replaceWhere(test: (item: QueueItem) => boolean, change: (item: QueueItem) => QueueItem): void {
    if (items.value.some(test)) items.value = items.value.map((item) => (test(item) ? change(item) : item));
    if (incoming.value.some(test))
      incoming.value = incoming.value.map((item) => (test(item) ? change(item) : item));
  }

  /** Shows one queue from its first page; events for it that arrive meanwhile apply afterwards. */
  async function load(nextQueue: Queue, nextStory: string | null = null): Promise<void> {
    const current = ++view;
    queue.value = nextQueue;
    story.value = nextStory;
    items.value = [];
    incoming.value = [];
    nextCursor.value = null;
    loadMoreError.value = null;
    loadingMore.value = false;
    status.value = 'loading';
    error.value = null;
    held = [];
    try {
      const page = await moderationApi.queue(nextQueue, {
        story: nextStory,
        sort: sort.value,
        limit: QUEUE_PAGE_SIZE,
      });
      if (current !== view) return;
      items.value = page.items;
      nextCursor.value = page.nextCursor;
      counts.value = page.counts;
      remember(page.items);
      status.value = 'ready';
      release();
    } catch (caught) {
      if (current !== view) return;
      held = null;
      status.value = 'error';
      error.value = errorMessage(caught);
    }
  }

  /** Orders the queue on screen anew, from its first page. */
  function setSort(next: QueueSort): Promise<void> {
    sort.value = next;
    return load(queue.value, story.value);
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value || loadingMore.value || status.value !== 'ready') return;
    const current = view;
    loadingMore.value = true;
    loadMoreError.value = null;
    try {
      const page = await moderationApi.queue(queue.value, {
        story: story.value,
        sort: sort.value,
        cursor: nextCursor.value,
        limit: QUEUE_PAGE_SIZE,
      });
      if (current !== view) return;
      items.value = appendPage({ items: items.value, incoming: incoming.value }, page.items);
      nextCursor.value = page.nextCursor;
      counts.value = page.counts;
      remember(page.items);
    } catch (caught) {
      if (current === view) loadMoreError.value = errorMessage(caught);
    } finally {
      if (current === view) loadingMore.value = false;
    }
  }

  /**
   * Catch-up after a (re)join of the moderation room: fetches the first page again and merges it
   * without moving anything: cards gone from the queue leave, changed ones update in place, and
   * ones we missed wait in `incoming`.
   */
  async function refresh(): Promise<void> {
    if (status.value !== 'ready') return;
    // The merge below reasons in newest-first order; sorted by score, read the first page again.
    if (sort.value === 'score') return load(queue.value, story.value);
    const current = { view, sync: ++sync };
    const latest = () => current.view === view && current.sync === sync;
    held ??= [];
    try {
      const page = await moderationApi.queue(queue.value, { story: story.value, limit: QUEUE_PAGE_SIZE });
      if (!latest()) return;
      merge(page);
      release();
    } catch {
      // Keep what is on screen; live events still apply, and the next reconnect tries again.
      if (latest()) release();
    }
  }

  function merge(page: QueuePage): void {
    const merged = mergeFirstPage({ items: items.value, incoming: incoming.value }, page);
    items.value = merged.items;
    incoming.value = merged.incoming;
    counts.value = page.counts;
    remember(page.items);
    settle();
  }

  /** Shows the cards waiting in `incoming` at the top of the list. */
  function reveal(): void {
    if (incoming.value.length === 0) return;
    const shown = new Set(items.value.map(idOf));
    items.value = [...incoming.value.filter((item) => !shown.has(idOf(item))), ...items.value];
    incoming.value = [];
  }

  /** `queue:added`: a card entered a queue, or changed while in it (then it updates in place). */
  function applyAdded(payload: { queue: Queue; item: QueueItem }): void {
    live(() => {
      // Any queue's card carries its author's history as of now: every card of theirs shows it.
      showAuthor(payload.item.author, 'live');
      if (status.value !== 'ready' || payload.queue !== queue.value) return;
      if (story.value && payload.item.story.slug !== story.value) return;
      const id = idOf(payload.item);
      remember([payload.item]);
      if (items.value.some((item) => idOf(item) === id) || incoming.value.some((item) => idOf(item) === id)) {
        replaceWhere(
          (item) => idOf(item) === id,
          () => payload.item,
        );
        return;
      }
      incoming.value = [payload.item, ...incoming.value].sort(newerFirst);
      bumpCount(1);
      settle();
    });
  }

  /** `queue:removed`: a card left a queue (decided here, by another moderator, or deleted). */
  function applyRemoved(payload: { id: string; queue: Queue }): void {
    live(() => {
      if (payload.queue === queue.value) removeLocal(payload.id);
    });
  }

  /** `queue:counts` (and the join acknowledgement): counts over all stories. */
  function applyCounts(global: QueueCounts): void {
    if (story.value === null) {
      countsRun += 1;
      counts.value = global;
    } else {
      void refreshCounts();
    }
  }

  async function refreshCounts(): Promise<void> {
    const current = ++countsRun;
    const filter = story.value;
    try {
      const answer = await moderationApi.counts(filter);
      if (current === countsRun && filter === story.value) counts.value = answer;
    } catch {
      // The next event or page brings counts again.
    }
  }

  /**
   * Approve, reject, feature or unfeature. The card leaves this queue when the comment no longer
   * belongs to it, and updates in place when it still does. Errors (e.g. `moderation/already_decided`)
   * are thrown for the card to show.
   */
  async function decide(id: string, decision: Decision): Promise<DecisionResponse> {
    const answer = await moderationApi.decide(id, decision);
    applyDecision(id, answer);
    return answer;
  }

  /** One decision for many cards: each moves as a single decision's would, a vanished one leaves. */
  async function decideMany(request: BulkDecisionRequest): Promise<BulkDecisionResponse> {
    const answer = await moderationApi.decideMany(request);
    for (const result of answer.results) {
      if (result.comment) applyDecision(result.id, { comment: result.comment, queues: result.queues });
      else removeLocal(result.id);
    }
    return answer;
  }

  /** The card leaves this queue when the comment no longer belongs to it, else updates in place. */
  function applyDecision(id: string, answer: DecisionResponse): void {
    if (!answer.queues.includes(queue.value)) return removeLocal(id);
    replaceWhere(
      (item) => idOf(item) === id,
      (item) => ({
        ...item,
        comment: { ...answer.comment, body: item.comment.body, author: item.comment.author },
      }),
    );
  }

  /** Shows an author's latest history on every card of theirs (see `withAuthorHistory`). */
  function showAuthor(author: AuthorHistory, source: AuthorSource): AuthorHistory {
    items.value = withAuthorHistory(items.value, author, source);
    incoming.value = withAuthorHistory(incoming.value, author, source);
    return author;
  }
  const applyAuthor = (author: AuthorHistory) => showAuthor(author, 'action');

  const suspend = async (userId: string, hours: SuspendHours) =>
    applyAuthor(await moderationApi.suspend(userId, hours));
  const ban = async (userId: string, reason: string, rejectExisting: boolean) =>
    applyAuthor(await moderationApi.ban(userId, { reason, rejectExisting }));
  const unban = async (userId: string) => applyAuthor(await moderationApi.unban(userId));
  const setPremod = async (userId: string, on: boolean) =>
    applyAuthor(await moderationApi.premod(userId, on));
  const setRole = async (userId: string, role: 'reader' | 'moderator') =>
    applyAuthor(await moderationApi.role(userId, role));

  return {
    queue,
    story,
    items,
    incoming,
    counts,
    status,
    error,
    hasMore,
    loadingMore,
    loadMoreError,
    stories,
    load,
    loadMore,
    refresh,
    reveal,
    applyAdded,
    applyRemoved,
    applyCounts,
    decide,
    decideMany,
    suspend,
    ban,
    unban,
    setPremod,
    setRole,
    sort,
    setSort,
  };
});
