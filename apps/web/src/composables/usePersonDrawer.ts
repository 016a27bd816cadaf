import { readonly, ref } from 'vue';

/** Whose drawer is open on the moderation page (one at a time), from a card or a log entry. */
const openUserId = ref<string | null>(null);

export function openPerson(userId: string): void {
  openUserId.value = userId;
}

export function closePerson(): void {
  openUserId.value = null;
}

export function usePersonDrawer() {
  return { openUserId: readonly(openUserId), open: openPerson, close: closePerson };
}
