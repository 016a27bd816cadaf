import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from 'vue';
import { moderationApi } from '../../api/moderation.js';
import { formatAbsolute } from '../../composables/useRelativeTime.js';
import { useWebhooksAdmin } from '../../composables/useWebhooksAdmin.js';
import { failedEntry, unnamedControls } from '../../testing/admin.js';
import { testLocalization } from '../../testing/localization.js';
import ModerationFailedDeliveries from './ModerationFailedDeliveries.vue';

vi.mock('../../api/moderation.js', async (original) => ({
  ...(await original<object>()),
  moderationApi: { webhooks: vi.fn(), outbox: vi.fn(), retryOutboxEntry: vi.fn() },
}));

/** The tab's state as the Webhooks tab of an English page makes it. */
const app = createApp({}).use(await testLocalization('en'));

async function render(failed = [failedEntry()]) {
  vi.mocked(moderationApi.webhooks).mockResolvedValueOnce({ items: [] });
  vi.mocked(moderationApi.outbox).mockResolvedValueOnce({ items: failed, nextCursor: null });
  const tab = app.runWithContext(() => useWebhooksAdmin());
  await tab.load();
  const sut = mount(ModerationFailedDeliveries, { props: { tab }, attachTo: document.body });
  return { tab, sut };
}

describe('ModerationFailedDeliveries', () => {
  beforeEach(() => vi.clearAllMocks());
  afterEach(() => (document.body.innerHTML = ''));

  it('lists failed outbox entries and retries one', async () => {
    const entry = failedEntry();
    const { tab, sut } = await render([entry]);
    expect(sut.get('li.entry').text()).toContain('connect ECONNREFUSED');
    expect(sut.get('li.entry').text()).toContain('8 attempts');
    expect(sut.get('li.entry button').attributes('aria-label')).toBe(
      `Retry webhook.deliver from ${formatAbsolute(entry.createdAt, 'en')}`,
    );
    expect(unnamedControls(sut.element as HTMLElement)).toEqual([]);

    vi.mocked(moderationApi.retryOutboxEntry).mockResolvedValueOnce({
      ...entry,
      status: 'pending',
      attempts: 0,
    });
    await sut.get('li.entry button').trigger('click');
    await flushPromises();
    expect(moderationApi.retryOutboxEntry).toHaveBeenCalledWith(entry.id);
    expect(sut.find('li.entry').exists()).toBe(false);
    expect(sut.text()).toContain('Nothing has failed for good.');
    expect(tab.status.value).toBe('Queued webhook.deliver again.');
    sut.unmount();
  });

  it('loads again on Refresh, and says "1 attempt" for one', async () => {
    const { sut } = await render([]);
    expect(sut.text()).toContain('Nothing has failed for good.');

    vi.mocked(moderationApi.webhooks).mockResolvedValueOnce({ items: [] });
    vi.mocked(moderationApi.outbox).mockResolvedValueOnce({
      items: [failedEntry({ attempts: 1, lastError: null })],
      nextCursor: null,
    });
    await sut.get('button:not([aria-label])').trigger('click');
    await flushPromises();
    expect(moderationApi.outbox).toHaveBeenCalledTimes(2);
    expect(sut.get('li.entry').text()).toContain('1 attempt');
    expect(sut.get('li.entry').text()).not.toContain('attempts');
    sut.unmount();
  });
});
