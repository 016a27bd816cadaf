import type { DsaAppeal, DsaNotice } from '@parley/shared';
import { onScopeDispose, ref, watch } from 'vue';
import { dsaApi } from '../api/dsa.js';
import { errorMessage } from '../api/http.js';
import { getSocket, type ParleySocket } from '../api/socket.js';

export type NoticeFilter = 'open' | 'decided';

/**
 * The Notices tab's data: open (received or under review) or decided notices, and the appeals
 * waiting for a decision. A `dsa:changed` in the moderation room (any node: a new notice, another
 * moderator's decision) reads them again, as does a reconnect.
 */
export function useDsaNotices(options: { socket?: ParleySocket } = {}) {
  const filter = ref<NoticeFilter>('open');
  const notices = ref<DsaNotice[]>([]);
  const appeals = ref<DsaAppeal[]>([]);
  const loading = ref(false);
  const problem = ref<string | null>(null);
  let generation = 0;

  async function load(): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    try {
      const [received, underReview, decided, waiting] = await Promise.all([
        filter.value === 'open' ? dsaApi.notices({ status: 'received' }) : null,
        filter.value === 'open' ? dsaApi.notices({ status: 'under_review' }) : null,
        filter.value === 'decided' ? dsaApi.notices({ status: 'decided' }) : null,
        dsaApi.appeals({ status: 'received' }),
      ]);
      if (mine !== generation) return;
      notices.value = decided
        ? [...decided.items].reverse()
        : [...(underReview?.items ?? []), ...(received?.items ?? [])].sort((a, b) =>
            a.receivedAt.localeCompare(b.receivedAt),
          );
      appeals.value = waiting.items;
      problem.value = null;
    } catch (caught) {
      if (mine === generation) problem.value = errorMessage(caught);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  /** Replaces one notice as the server now has it (after this moderator's own action). */
  function show(notice: DsaNotice): void {
    const stays = filter.value === 'decided' ? notice.status === 'decided' : notice.status !== 'decided';
    notices.value = stays
      ? notices.value.map((known) => (known.id === notice.id ? notice : known))
      : notices.value.filter((known) => known.id !== notice.id);
  }

  function settled(appeal: DsaAppeal): void {
    appeals.value = appeals.value.filter((known) => known.id !== appeal.id);
  }

  const socket = options.socket ?? getSocket();
  const reload = () => void load();
  socket.on('dsa:changed', reload);
  socket.on('connect', reload);
  onScopeDispose(() => {
    socket.off('dsa:changed', reload);
    socket.off('connect', reload);
  });
  watch(filter, reload, { immediate: true });

  return { filter, notices, appeals, loading, problem, load, show, settled };
}
