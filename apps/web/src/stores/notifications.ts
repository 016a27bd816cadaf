import type { Notification } from '@parley/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { notificationsApi } from '../api/notifications.js';
import { getSocket } from '../api/socket.js';
import type { Message } from '../i18n/message.js';

/**
 * The signed-in reader's notifications: the unread count for the bell, the newest entries for its
 * panel, and live updates from the socket (`notification:created`, `notification:count`), which
 * the server sends to every tab of the account.
 */
export const useNotificationsStore = defineStore('notifications', () => {
  const items = ref<Notification[]>([]);
  const unread = ref(0);
  const nextCursor = ref<string | null>(null);
  const loaded = ref(false);
  const error = ref<Message | null>(null);
  let listening = false;

  async function load(): Promise<void> {
    try {
      const page = await notificationsApi.list();
      items.value = page.items;
      unread.value = page.unread;
      nextCursor.value = page.nextCursor;
      error.value = null;
    } catch {
      error.value = { key: 'notifications.loadFailed' };
    } finally {
      loaded.value = true;
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value) return;
    const page = await notificationsApi.list(nextCursor.value);
    const known = new Set(items.value.map((item) => item.id));
    items.value.push(...page.items.filter((item) => !known.has(item.id)));
    nextCursor.value = page.nextCursor;
  }

  function onCreated(notification: Notification): void {
    if (items.value.some((item) => item.id === notification.id)) return;
    items.value.unshift(notification);
  }

  function onCount({ unread: count }: { unread: number }): void {
    unread.value = count;
  }

  function onConnect(): void {
    // After a reconnect, catch up on what arrived meanwhile.
    void load();
  }

  /** Starts live updates (once) and the first load; connects the tab's socket if nothing else did. */
  function start(): void {
    if (!listening) {
      listening = true;
      const socket = getSocket();
      socket.on('notification:created', onCreated);
      socket.on('notification:count', onCount);
      socket.on('connect', onConnect);
      if (!socket.connected) socket.connect();
    }
    void load();
  }

  function stop(): void {
    if (!listening) return;
    listening = false;
    const socket = getSocket();
    socket.off('notification:created', onCreated);
    socket.off('notification:count', onCount);
    socket.off('connect', onConnect);
    items.value = [];
    unread.value = 0;
    loaded.value = false;
  }

  async function markRead(ids: string[]): Promise<void> {
    const unreadIds = ids.filter((id) => items.value.some((item) => item.id === id && !item.readAt));
    if (unreadIds.length === 0) return;
    const now = new Date().toISOString();
    for (const item of items.value) if (unreadIds.includes(item.id)) item.readAt = now;
    unread.value = (await notificationsApi.markRead({ ids: unreadIds })).unread;
  }

  async function markAllRead(): Promise<void> {
    const now = new Date().toISOString();
    for (const item of items.value) item.readAt ??= now;
    unread.value = (await notificationsApi.markRead({ all: true })).unread;
  }

  return { items, unread, nextCursor, loaded, error, start, stop, load, loadMore, markRead, markAllRead };
});
