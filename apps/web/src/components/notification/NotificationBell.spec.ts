import type { Notification } from '@parley/shared';
import { createPinia, setActivePinia } from 'pinia';
import { mount, flushPromises } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getSocket } from '../../api/socket.js';
import { notificationsApi } from '../../api/notifications.js';
import { COMMENT_LINKS } from '../../composables/useCommentLinks.js';
import { FakeSocket } from '../../testing/fake-socket.js';
import NotificationBell from './NotificationBell.vue';

vi.mock('../../api/socket.js', () => ({ getSocket: vi.fn() }));
vi.mock('../../api/notifications.js', () => ({
  notificationsApi: { list: vi.fn(), markRead: vi.fn() },
}));

function notification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    kind: 'reply',
    decision: null,
    reason: null,
    commentId: '00000000-0000-4000-8000-0000000000c1',
    excerpt: 'I <b>disagree</b>',
    storySlug: 'a',
    storyTitle: 'The article',
    permalink: '/comments/00000000-0000-4000-8000-0000000000c1',
    actor: {
      id: '00000000-0000-4000-8000-0000000000a1',
      username: 'rhea',
      displayName: 'Rhea',
      role: 'reader',
    },
    createdAt: '2030-01-01T12:00:00.000Z',
    readAt: null,
    ...overrides,
  };
}

describe('NotificationBell', () => {
  let socket: FakeSocket;

  beforeEach(() => {
    setActivePinia(createPinia());
    socket = new FakeSocket();
    vi.mocked(getSocket).mockReturnValue(socket.asSocket());
    vi.mocked(notificationsApi.list).mockResolvedValue({
      items: [notification()],
      nextCursor: null,
      unread: 1,
    });
    vi.mocked(notificationsApi.markRead).mockResolvedValue({ unread: 0 });
  });

  it('names the unread count, and follows it live', async () => {
    const sut = mount(NotificationBell, { attachTo: document.body });
    await flushPromises();
    const bell = sut.get('[data-testid="notification-bell"]');
    expect(bell.attributes('aria-label')).toBe('Notifications, 1 unread');

    socket.fire('notification:created', notification({ id: '00000000-0000-4000-8000-000000000002' }));
    socket.fire('notification:count', { unread: 2 });
    await flushPromises();
    expect(bell.attributes('aria-label')).toBe('Notifications, 2 unread');
    sut.unmount();
  });

  it('lists entries as text linking to the comment, and marks one read when opened', async () => {
    const sut = mount(NotificationBell, { attachTo: document.body });
    await flushPromises();
    await sut.get('[data-testid="notification-bell"]').trigger('click');
    const entry = sut.get('a.entry');
    expect(entry.attributes('href')).toBe('/comments/00000000-0000-4000-8000-0000000000c1');
    expect(entry.text()).toContain('Rhea replied to your comment');
    // Shown as text, never as markup.
    expect(entry.find('b').exists()).toBe(false);
    await entry.trigger('click');
    await flushPromises();
    expect(notificationsApi.markRead).toHaveBeenCalledWith({ ids: ['00000000-0000-4000-8000-000000000001'] });
    expect(sut.get('[data-testid="notification-bell"]').attributes('aria-label')).toBe(
      'Notifications, none unread',
    );
    sut.unmount();
  });

  it("on Parley's own pages links to Parley's permalink, even for a story that lives on a host page", async () => {
    vi.mocked(notificationsApi.list).mockResolvedValue({
      items: [
        notification({
          permalink: 'https://news.example.org/a#parley-comment-00000000-0000-4000-8000-0000000000c1',
        }),
      ],
      nextCursor: null,
      unread: 1,
    });
    const sut = mount(NotificationBell, { attachTo: document.body });
    await flushPromises();
    await sut.get('[data-testid="notification-bell"]').trigger('click');

    expect(sut.get('a.entry').attributes('href')).toBe('/comments/00000000-0000-4000-8000-0000000000c1');
    sut.unmount();
  });

  it('links each entry where the page around it says (the embed: the host page for its own story)', async () => {
    vi.mocked(notificationsApi.list).mockResolvedValue({
      items: [
        notification(),
        notification({ id: '00000000-0000-4000-8000-000000000002', storySlug: 'other' }),
      ],
      nextCursor: null,
      unread: 2,
    });
    const notificationTarget = (item: Pick<Notification, 'commentId' | 'storySlug' | 'permalink'>) =>
      item.storySlug === 'a' ? `https://host.example/a#parley-comment-${item.commentId}` : item.permalink;
    const sut = mount(NotificationBell, {
      attachTo: document.body,
      global: { provide: { [COMMENT_LINKS as symbol]: { notificationTarget } } },
    });
    await flushPromises();
    await sut.get('[data-testid="notification-bell"]').trigger('click');
    expect(sut.findAll('a.entry').map((entry) => entry.attributes('href'))).toEqual([
      'https://host.example/a#parley-comment-00000000-0000-4000-8000-0000000000c1',
      '/comments/00000000-0000-4000-8000-0000000000c1',
    ]);
    sut.unmount();
  });
});
