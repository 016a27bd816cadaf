import type { OutboxEntry, WebhookView } from '@parley/shared';
import { ApiError } from '../../api/http.js';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { moderationApi } from '../../api/moderation.js';
import { uuid } from '../../testing/factories.js';
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

function webhook(overrides: Partial<WebhookView> = {}): WebhookView {
  return {
    id: uuid(),
    url: 'https://hooks.example.org/parley',
    events: ['comment.created', 'comment.held'],
    active: true,
    createdAt: '2030-01-01T12:00:00.000Z',
    updatedAt: '2030-01-01T12:00:00.000Z',
    ...overrides,
  };
}

function failedEntry(overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    id: uuid(),
    kind: 'webhook.deliver',
    status: 'failed',
    attempts: 8,
    runAfter: '2030-01-01T12:00:00.000Z',
    lastError: 'connect ECONNREFUSED',
    createdAt: '2030-01-01T11:00:00.000Z',
    doneAt: null,
    ...overrides,
  };
}

async function render(webhooks: WebhookView[], failed: OutboxEntry[] = []) {
  vi.mocked(moderationApi.webhooks).mockResolvedValueOnce({ items: webhooks });
  vi.mocked(moderationApi.outbox).mockResolvedValueOnce({ items: failed, nextCursor: null });
  const sut = mount(ModerationWebhooks, { attachTo: document.body });
  await flushPromises();
  return sut;
}

/** Every control must have a name: its own label, aria-label, or text. */
function unnamedControls(root: HTMLElement): string[] {
  return [...root.querySelectorAll<HTMLElement>('button, input, select, textarea')]
    .filter((control) => {
      if (control.getAttribute('aria-label')) return false;
      if (control.id && root.querySelector(`label[for="${control.id}"]`)) return false;
      if (control.closest('label')?.textContent?.trim()) return false;
      return !(control.tagName === 'BUTTON' && control.textContent?.trim());
    })
    .map((control) => control.outerHTML);
}

describe('ModerationWebhooks', () => {
  beforeEach(() => vi.clearAllMocks());
  afterEach(() => (document.body.innerHTML = ''));

  it('lists endpoints with their events and state, and names every control', async () => {
    const sut = await render([
      webhook(),
      webhook({ url: 'https://other.example/in', events: ['user.banned'], active: false }),
    ]);

    const items = sut.findAll('li.webhook');
    expect(items.map((item) => item.attributes('aria-label'))).toEqual([
      'https://hooks.example.org/parley',
      'https://other.example/in',
    ]);
    expect(items[0]!.text()).toContain('comment.created, comment.held');
    expect(items[0]!.text()).toContain('Active');
    expect(items[1]!.text()).toContain('Paused');
    expect(unnamedControls(sut.element as HTMLElement)).toEqual([]);
    expect(sut.text()).toContain('Nothing has failed for good.');
    sut.unmount();
  });

  it('creates a webhook and shows its secret once, read-only, with a note, until dismissed', async () => {
    const sut = await render([]);
    const made = {
      ...webhook({ url: 'https://new.example/hook', events: ['story.created'] }),
      secret: 's3cret-s3cret-s3cret',
    };
    vi.mocked(moderationApi.createWebhook).mockResolvedValueOnce(made);

    await sut.get('input[type="url"]').setValue(' https://new.example/hook ');
    await sut.get('input[type="checkbox"][value="story.created"]').setValue(true);
    await sut.get('form.create').trigger('submit');
    await flushPromises();

    expect(moderationApi.createWebhook).toHaveBeenCalledWith({
      url: 'https://new.example/hook',
      events: ['story.created'],
      active: true,
    });
    const secret = sut.get<HTMLInputElement>('input.secret-value');
    expect(secret.element.value).toBe('s3cret-s3cret-s3cret');
    expect(secret.attributes()).toHaveProperty('readonly');
    expect(document.activeElement).toBe(secret.element);
    expect(sut.get('.secret').text()).toContain('shown only this once');
    // The list holds the webhook without its secret.
    expect(sut.get('li.webhook').text()).not.toContain('s3cret');
    expect(sut.get('[role="status"]').text()).toBe('Added the webhook for https://new.example/hook.');
    expect(sut.get<HTMLInputElement>('input[type="url"]').element.value).toBe('');

    await sut
      .findAll('.secret button')
      .find((button) => button.text() === 'I have saved it')!
      .trigger('click');
    expect(sut.find('.secret').exists()).toBe(false);
    expect(sut.html()).not.toContain('s3cret');
    expect(document.activeElement).toBe(sut.get('input[type="url"]').element);
    sut.unmount();
  });

  it('sends a chosen secret, and refuses without an event before asking the server', async () => {
    const sut = await render([]);
    await sut.get('input[type="url"]').setValue('https://new.example/hook');
    await sut.get('form.create').trigger('submit');
    await flushPromises();
    expect(moderationApi.createWebhook).not.toHaveBeenCalled();
    expect(sut.get('[role="alert"]').text()).toBe('Choose at least one event.');

    vi.mocked(moderationApi.createWebhook).mockRejectedValueOnce(
      new ApiError('request/invalid', 'secret: must be 16 to 200 printable characters without spaces', 400),
    );
    await sut.get('input[type="checkbox"][value="user.banned"]').setValue(true);
    await sut.get('input[type="password"]').setValue('short');
    await sut.get('form.create').trigger('submit');
    await flushPromises();
    expect(moderationApi.createWebhook).toHaveBeenCalledWith({
      url: 'https://new.example/hook',
      events: ['user.banned'],
      active: true,
      secret: 'short',
    });
    expect(sut.get('[role="alert"]').text()).toContain('must be 16 to 200 printable characters');
    expect(sut.find('.secret').exists()).toBe(false);
    sut.unmount();
  });

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
    expect(sut.text()).toContain('No webhooks yet.');
    sut.unmount();
  });

  it('shows the recent deliveries of an endpoint: time, event, status, error, attempt', async () => {
    const target = webhook();
    const sut = await render([target]);
    vi.mocked(moderationApi.webhookDeliveries).mockResolvedValueOnce({
      items: [
        {
          id: uuid(),
          eventId: uuid(),
          eventType: 'comment.created',
          attempt: 2,
          statusCode: 500,
          error: 'HTTP 500',
          durationMs: 30,
          createdAt: '2030-01-01T12:00:00.000Z',
        },
        {
          id: uuid(),
          eventId: uuid(),
          eventType: 'comment.held',
          attempt: 1,
          statusCode: null,
          error: 'timed out after 5000 ms',
          durationMs: 5000,
          createdAt: '2030-01-01T12:01:00.000Z',
        },
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
    expect(rows[0]![0]).toBe(new Date('2030-01-01T12:00:00.000Z').toLocaleString());
    sut.unmount();
  });

  it('lists failed outbox entries and retries one', async () => {
    const entry = failedEntry();
    const sut = await render([], [entry]);
    expect(sut.get('li.entry').text()).toContain('connect ECONNREFUSED');
    expect(sut.get('li.entry').text()).toContain('8 attempts');

    vi.mocked(moderationApi.retryOutboxEntry).mockResolvedValueOnce({
      ...entry,
      status: 'pending',
      attempts: 0,
    });
    await sut.get('li.entry button').trigger('click');
    await flushPromises();
    expect(moderationApi.retryOutboxEntry).toHaveBeenCalledWith(entry.id);
    expect(sut.find('li.entry').exists()).toBe(false);
    expect(sut.get('[role="status"]').text()).toBe('Queued webhook.deliver again.');
    sut.unmount();
  });

  it('says why the list could not load', async () => {
    vi.mocked(moderationApi.webhooks).mockRejectedValueOnce(
      new ApiError('auth/forbidden', 'Only administrators can do this.', 403),
    );
    vi.mocked(moderationApi.outbox).mockResolvedValueOnce({ items: [], nextCursor: null });
    const sut = mount(ModerationWebhooks);
    await flushPromises();
    expect(sut.get('[role="alert"]').text()).toBe('Only administrators can do this.');
    expect(sut.text()).not.toContain('No webhooks yet.');
    sut.unmount();
  });
});
