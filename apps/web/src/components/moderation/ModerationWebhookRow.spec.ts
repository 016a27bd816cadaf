import type { WebhookView } from '@parley/shared';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/http.js';
import { moderationApi } from '../../api/moderation.js';
import { formatAbsolute } from '../../composables/useRelativeTime.js';
import { webhook, webhookDelivery } from '../../testing/admin.js';
import ModerationWebhooks from './ModerationWebhooks.vue';

vi.mock('../../api/moderation.js', async (original) => ({
  ...(await original<object>()),
  moderationApi: {
    webhooks: vi.fn(),
    createWebhook: vi.fn(),
    updateWebhook: vi.fn(),
    deleteWebhook: vi.fn(),
    webhookDeliveries: vi.fn(),
    outbox: vi.fn(),
    retryOutboxEntry: vi.fn(),
  },
}));

async function render(webhooks: WebhookView[]) {
  vi.mocked(moderationApi.webhooks).mockResolvedValueOnce({ items: webhooks });
  vi.mocked(moderationApi.outbox).mockResolvedValueOnce({ items: [], nextCursor: null });
  const sut = mount(ModerationWebhooks, { attachTo: document.body });
  await flushPromises();
  return sut;
}

/** A row as the tab shows it: its changes go through the tab's list. */
describe('ModerationWebhookRow', () => {
  beforeEach(() => vi.clearAllMocks());
  afterEach(() => (document.body.innerHTML = ''));

  it('edits URL, events, active and secret, and keeps the secret when left empty', async () => {
    const target = webhook();
    const sut = await render([target]);
    await sut.get(`button[aria-label="Edit the webhook for ${target.url}"]`).trigger('click');
    const form = sut.get('form.edit');
    await form.get('input[type="url"]').setValue('https://hooks.example.org/v2');
    await form.get('input[value="comment.held"]').setValue(false);
    await form.findAll('input[type="checkbox"]').at(-1)!.setValue(false);
    vi.mocked(moderationApi.updateWebhook).mockResolvedValueOnce({
      ...target,
      url: 'https://hooks.example.org/v2',
      events: ['comment.created'],
      active: false,
    });
    await form.trigger('submit');
    await flushPromises();

    expect(moderationApi.updateWebhook).toHaveBeenCalledWith(target.id, {
      url: 'https://hooks.example.org/v2',
      events: ['comment.created'],
      active: false,
    });
    expect(sut.find('form.edit').exists()).toBe(false);
    expect(sut.get('li.webhook').text()).toContain('Paused');

    await sut.get('button[aria-label="Edit the webhook for https://hooks.example.org/v2"]').trigger('click');
    vi.mocked(moderationApi.updateWebhook).mockResolvedValueOnce(target);
    await sut.get('form.edit input[type="password"]').setValue('a-brand-new-secret-1234');
    await sut.get('form.edit').trigger('submit');
    await flushPromises();
    expect(vi.mocked(moderationApi.updateWebhook).mock.calls[1]![1]).toMatchObject({
      secret: 'a-brand-new-secret-1234',
    });
    expect(sut.get('[role="status"]').text()).toContain('with its new secret');
    sut.unmount();
  });

  it('deletes only after confirmation, and keeps the endpoint when the server refuses', async () => {
    const target = webhook();
    const sut = await render([target]);
    await sut.get(`button[aria-label="Delete the webhook for ${target.url}"]`).trigger('click');
    expect(moderationApi.deleteWebhook).not.toHaveBeenCalled();

    vi.mocked(moderationApi.deleteWebhook).mockRejectedValueOnce(
      new ApiError('webhook/not_found', 'This webhook does not exist.', 404),
    );
    await sut.get('.confirm-row button.button-danger').trigger('click');
    await flushPromises();
    expect(sut.get('[role="alert"]').text()).toBe('This webhook does not exist.');
    expect(sut.findAll('li.webhook')).toHaveLength(1);

    vi.mocked(moderationApi.deleteWebhook).mockResolvedValueOnce(undefined);
    await sut.get('.confirm-row button.button-danger').trigger('click');
    await flushPromises();
    expect(moderationApi.deleteWebhook).toHaveBeenLastCalledWith(target.id);
    expect(sut.findAll('li.webhook')).toHaveLength(0);
    expect(sut.text()).toContain('No webhooks yet');
    sut.unmount();
  });

  it('shows the recent deliveries of an endpoint: time, event, status, error, attempt', async () => {
    const target = webhook();
    const sut = await render([target]);
    vi.mocked(moderationApi.webhookDeliveries).mockResolvedValueOnce({
      items: [
        webhookDelivery({
          eventType: 'comment.created',
          attempt: 2,
          statusCode: 500,
          error: 'HTTP 500',
          durationMs: 30,
          createdAt: '2030-01-01T12:00:00.000Z',
        }),
        webhookDelivery(),
      ],
    });
    const toggle = sut.get(`button[aria-label="Recent deliveries to ${target.url}"]`);
    expect(toggle.attributes('aria-expanded')).toBe('false');
    await toggle.trigger('click');
    await flushPromises();

    expect(moderationApi.webhookDeliveries).toHaveBeenCalledWith(target.id);
    expect(toggle.attributes('aria-expanded')).toBe('true');
    const rows = sut.findAll('tbody tr').map((row) => row.findAll('td').map((cell) => cell.text()));
    expect(rows.map((row) => row.slice(1))).toEqual([
      ['comment.created', '500', 'HTTP 500', '2'],
      ['comment.held', 'No answer', 'timed out after 5000 ms', '1'],
    ]);
    // The time as the page's language writes it (English here), not as the browser's default would.
    expect(rows[0]![0]).toBe(formatAbsolute('2030-01-01T12:00:00.000Z', 'en'));
    sut.unmount();
  });
});
