import type { OutboxEntry, WebhookView } from '@parley/shared';
import { FIELD_MESSAGES } from '@parley/shared/values';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/http.js';
import { moderationApi } from '../../api/moderation.js';
import { formatAbsolute } from '../../composables/useRelativeTime.js';
import { failedEntry, unnamedControls, webhook, webhookDelivery } from '../../testing/admin.js';
import { testLocalization } from '../../testing/localization.js';
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

async function render(webhooks: WebhookView[], failed: OutboxEntry[] = [], locale: 'en' | 'de' = 'en') {
  vi.mocked(moderationApi.webhooks).mockResolvedValueOnce({ items: webhooks });
  vi.mocked(moderationApi.outbox).mockResolvedValueOnce({ items: failed, nextCursor: null });
  const sut = mount(ModerationWebhooks, {
    attachTo: document.body,
    global: { plugins: locale === 'en' ? [] : [await testLocalization(locale)] },
  });
  await flushPromises();
  return sut;
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
    expect(items[0]!.findAll('code').map((code) => code.text())).toEqual([
      'https://hooks.example.org/parley',
      'comment.created',
      'comment.held',
    ]);
    expect(items[0]!.text()).toContain('Active');
    expect(items[1]!.text()).toContain('Paused');
    expect(unnamedControls(sut.element as HTMLElement)).toEqual([]);
    expect(sut.text()).toContain('Nothing has failed for good.');
    sut.unmount();
  });

  it('creates a webhook and shows its secret once, read-only, with a note, until dismissed', async () => {
    const sut = await render([]);
    // The form stays closed until asked for.
    expect(sut.find('form.create').exists()).toBe(false);
    const newWebhook = sut.get('button[aria-expanded="false"]');
    expect(newWebhook.text()).toContain('New webhook');
    await newWebhook.trigger('click');
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
    // The form closed with the webhook made, and opens empty.
    expect(sut.find('form.create').exists()).toBe(false);

    await sut
      .findAll('.secret button')
      .find((button) => button.text() === 'I have saved it')!
      .trigger('click');
    expect(sut.find('.secret').exists()).toBe(false);
    expect(sut.html()).not.toContain('s3cret');
    expect(document.activeElement).toBe(newWebhook.element);
    await newWebhook.trigger('click');
    expect(sut.get<HTMLInputElement>('input[type="url"]').element.value).toBe('');
    sut.unmount();
  });

  it('sends a chosen secret, and refuses without an event before asking the server', async () => {
    const sut = await render([]);
    await sut.get('button[aria-expanded="false"]').trigger('click');
    await sut.get('input[type="url"]').setValue('https://new.example/hook');
    await sut.get('form.create').trigger('submit');
    await flushPromises();
    expect(moderationApi.createWebhook).not.toHaveBeenCalled();
    // Beside the events, read out with the group, and focus on its first box; nothing above the list.
    const events = sut.get('form.create fieldset');
    expect(document.getElementById(events.attributes('aria-describedby')!)?.textContent).toBe(
      'Choose at least one event.',
    );
    expect(document.activeElement).toBe(events.get('input[type="checkbox"]').element);
    expect(sut.find('[role="alert"]').exists()).toBe(false);

    vi.mocked(moderationApi.createWebhook).mockRejectedValueOnce(
      new ApiError('request/invalid', `Invalid request. secret: ${FIELD_MESSAGES.webhookSecret}`, 400, {
        secret: FIELD_MESSAGES.webhookSecret,
      }),
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
    const secret = sut.get('input[type="password"]');
    expect(secret.attributes('aria-invalid')).toBe('true');
    expect(document.getElementById(secret.attributes('aria-describedby')!)?.textContent).toBe(
      'Use 16 to 200 printable characters, without spaces.',
    );
    expect(document.activeElement).toBe(secret.element);
    expect(sut.find('[role="alert"]').exists()).toBe(false);
    expect(sut.find('form.create fieldset').attributes('aria-describedby')).toBeUndefined();
    expect(sut.find('.secret').exists()).toBe(false);
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

  it('reads in German: the endpoint, its deliveries and the failed entries, dates in German', async () => {
    const target = webhook();
    const entry = failedEntry();
    const sut = await render([target], [entry], 'de');

    expect(sut.get('button[aria-expanded="false"]').text()).toContain('Neuer Webhook');
    expect(sut.get('li.webhook .state').text()).toBe('Aktiv');
    expect(sut.find(`button[aria-label="Webhook für ${target.url} bearbeiten"]`).exists()).toBe(true);
    expect(sut.get('li.entry').text()).toContain('8 Versuche');
    expect(sut.get('li.entry button').attributes('aria-label')).toBe(
      `webhook.deliver vom ${formatAbsolute(entry.createdAt, 'de')} erneut versuchen`,
    );
    expect(unnamedControls(sut.element as HTMLElement)).toEqual([]);

    vi.mocked(moderationApi.webhookDeliveries).mockResolvedValueOnce({ items: [webhookDelivery()] });
    await sut.get(`button[aria-label="Letzte Zustellungen an ${target.url}"]`).trigger('click');
    await flushPromises();
    expect(sut.findAll('th').map((cell) => cell.text())).toEqual([
      'Zeit',
      'Ereignis',
      'Status',
      'Fehler',
      'Versuch',
    ]);
    expect(sut.findAll('tbody td').map((cell) => cell.text())).toEqual([
      formatAbsolute('2030-01-01T12:01:00.000Z', 'de'),
      'comment.held',
      'Keine Antwort',
      'timed out after 5000 ms',
      '1',
    ]);
    sut.unmount();
  });
});
