import { BULK_DECISION_MAX } from '@parley/shared/values';
import { computed, ref, toValue, watch, type MaybeRefOrGetter } from 'vue';

/**
 * Which cards of a queue are selected for a bulk decision. A plain click (or `x`) toggles one card;
 * a shift-click sets every card between the last one clicked and this one to this one's new state,
 * as file managers do. Cards that leave the list leave the selection; at most BULK_DECISION_MAX.
 */
export function useBulkSelection(ids: MaybeRefOrGetter<readonly string[]>) {
  const selected = ref<ReadonlySet<string>>(new Set());
  /** The card last toggled: one end of a shift-click range. */
  let anchor: string | null = null;

  function set(changes: Iterable<string>, on: boolean): void {
    const next = new Set(selected.value);
    for (const id of changes) {
      if (!on) next.delete(id);
      else if (next.size < BULK_DECISION_MAX) next.add(id);
    }
    selected.value = next;
  }

  function toggle(id: string, options: { range?: boolean } = {}): void {
    const on = !selected.value.has(id);
    const list = toValue(ids);
    const from = options.range && anchor ? list.indexOf(anchor) : -1;
    const to = list.indexOf(id);
    if (from === -1 || to === -1) set([id], on);
    else set(list.slice(Math.min(from, to), Math.max(from, to) + 1), on);
    anchor = id;
  }

  function clear(): void {
    selected.value = new Set();
    anchor = null;
  }

  // A card decided here or elsewhere, or a new queue: what is gone cannot stay selected.
  watch(
    () => toValue(ids),
    (list) => {
      const present = new Set(list);
      if ([...selected.value].some((id) => !present.has(id))) {
        selected.value = new Set([...selected.value].filter((id) => present.has(id)));
      }
      if (anchor && !present.has(anchor)) anchor = null;
    },
  );

  return {
    selected,
    count: computed(() => selected.value.size),
    /** The selected ids in the list's order (the order a bulk decision reports them in). */
    ordered: computed(() => toValue(ids).filter((id) => selected.value.has(id))),
    isSelected: (id: string) => selected.value.has(id),
    toggle,
    clear,
  };
}
