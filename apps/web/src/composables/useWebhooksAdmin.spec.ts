import { FIELD_MESSAGES } from '@parley/shared/values';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from 'vue';
import { ApiError } from '../api/http.js';
import { moderationApi } from '../api/moderation.js';
import { failedEntry, webhook } from '../testing/admin.js';
import { uuid } from '../testing/factories.js';
import { testLocalization } from '../testing/localization.js';
import { useWebhooksAdmin as useWebhooksAdminInApp } from './useWebhooksAdmin.js';

const app = createApp({}).use(await testLocalization('en'));
/** The composable as a component in an English app would use it. */
const useWebhooksAdmin: typeof useWebhooksAdminInApp = (...args) =>
  app.runWithContext(() => useWebhooksAdminInApp(...args));

vi.mock('../api/moderation.js', async (original) => ({
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

async function loaded(webhooks = [webhook()], failed = [failedEntry()]) {
  vi.mocked(moderationApi.webhooks).mockResolvedValueOnce({ items: webhooks });
  vi.mocked(moderationApi.outbox).mockResolvedValueOnce({ items: failed, nextCursor: null });
  const sut = useWebhooksAdmin();
  await sut.load();
  return sut;
}

describe(useWebhooksAdminInApp.name, () => {
  beforeEach(() => vi.clearAllMocks());

  it('loads endpoints and parked entries together, and keeps the list unloaded when either fails', async () => {
    const sut = await loaded();
    expect(sut.loaded.value).toBe(true);
    expect(sut.webhooks.value).toHaveLength(1);
    expect(sut.failed.value).toHaveLength(1);

    vi.mocked(moderationApi.webhooks).mockResolvedValueOnce({ items: [] });
    vi.mocked(moderationApi.outbox).mockRejectedValueOnce(
      new ApiError('auth/forbidden', 'Only admins.', 403),
    );
    const refused = useWebhooksAdmin();
    await refused.load();
    expect(refused.loaded.value).toBe(false);
    expect(refused.loading.error.value).toBe('Only admins.');
  });

  it('creates with a trimmed URL and secret, keeps the secret out of the list, and says so', async () => {
    const sut = await loaded([]);
    const made = {
      ...webhook({ url: 'https://new.example/hook', events: ['user.banned'] }),
      secret: 'x'.repeat(20),
    };
    vi.mocked(moderationApi.createWebhook).mockResolvedValueOnce(made);

    const result = await sut.create({
      url: ' https://new.example/hook ',
      events: ['user.banned'],
      secret: ` ${'x'.repeat(20)} `,
    });

    expect(moderationApi.createWebhook).toHaveBeenCalledWith({
      url: 'https://new.example/hook',
      events: ['user.banned'],
      active: true,
      secret: 'x'.repeat(20),
    });
    expect(result).toEqual(made);
    expect(sut.webhooks.value).toEqual([expect.not.objectContaining({ secret: expect.anything() })]);
    expect(sut.status.value).toBe('Added the webhook for https://new.example/hook.');
  });

  it('refuses a form without an event before asking the server, for create and edit alike', async () => {
    const target = webhook();
    const sut = await loaded([target]);
    expect(await sut.create({ url: 'https://a.example/', events: [], secret: '' })).toBeNull();
    expect(sut.fieldErrors('new')).toEqual({ events: FIELD_MESSAGES.webhookEvents });
    expect(sut.action.error.value).toBeNull();

    sut.startEdit(target);
    expect(sut.fieldErrors('new')).toEqual({});
    sut.edit.events = [];
    await sut.saveEdit(target);
    expect(sut.fieldErrors(target.id)).toEqual({ events: FIELD_MESSAGES.webhookEvents });
    expect(moderationApi.createWebhook).not.toHaveBeenCalled();
    expect(moderationApi.updateWebhook).not.toHaveBeenCalled();
    expect(sut.editing.value).toBe(target.id);
  });

  it('edits from a copy of the endpoint, replaces it in the list and closes the form', async () => {
    const target = webhook();
    const sut = await loaded([target]);
    sut.startEdit(target);
    expect(sut.edit).toEqual({ url: target.url, events: target.events, active: true, secret: '' });
    sut.edit.events.pop();
    expect(target.events).toHaveLength(2);

    sut.edit.active = false;
    vi.mocked(moderationApi.updateWebhook).mockResolvedValueOnce({
      ...target,
      events: ['comment.created'],
      active: false,
    });
    await sut.saveEdit(target);

    expect(moderationApi.updateWebhook).toHaveBeenCalledWith(target.id, {
      url: target.url,
      events: ['comment.created'],
      active: false,
    });
    expect(sut.webhooks.value[0]!.active).toBe(false);
    expect(sut.editing.value).toBeNull();
    expect(sut.status.value).toBe(`Saved the webhook for ${target.url}.`);
  });

  it('keeps the confirmation open and the endpoint listed when a delete fails', async () => {
    const target = webhook();
    const sut = await loaded([target]);
    sut.confirming.value = target.id;
    vi.mocked(moderationApi.deleteWebhook).mockRejectedValueOnce(
      new ApiError('webhook/not_found', 'Gone.', 404),
    );
    await sut.remove(target);
    expect(sut.confirming.value).toBe(target.id);
    expect(sut.webhooks.value).toHaveLength(1);
    expect(sut.status.value).toBeNull();

    vi.mocked(moderationApi.deleteWebhook).mockResolvedValueOnce(undefined);
    await sut.remove(target);
    expect(sut.confirming.value).toBeNull();
    expect(sut.webhooks.value).toEqual([]);
    expect(sut.status.value).toBe(`Deleted the webhook for ${target.url}.`);
  });

  it('fetches deliveries each time they open, and closes them without a request', async () => {
    const target = webhook();
    const sut = await loaded([target]);
    const delivery = {
      id: uuid(),
      eventId: uuid(),
      eventType: 'comment.created' as const,
      attempt: 1,
      statusCode: 204,
      error: null,
      durationMs: 12,
      createdAt: '2030-01-01T12:00:00.000Z',
    };
    vi.mocked(moderationApi.webhookDeliveries).mockResolvedValue({ items: [delivery] });

    await sut.toggleDeliveries(target);
    expect(sut.shown.value).toBe(target.id);
    expect(sut.deliveries[target.id]).toEqual([delivery]);
    await sut.toggleDeliveries(target);
    expect(sut.shown.value).toBeNull();
    await sut.toggleDeliveries(target);
    expect(moderationApi.webhookDeliveries).toHaveBeenCalledTimes(2);
  });

  it('retries a parked entry and drops it from the list', async () => {
    const entry = failedEntry({ kind: 'email.send' });
    const sut = await loaded([], [entry]);
    vi.mocked(moderationApi.retryOutboxEntry).mockResolvedValueOnce({
      ...entry,
      status: 'pending',
      attempts: 0,
    });
    await sut.retry(entry);
    expect(moderationApi.retryOutboxEntry).toHaveBeenCalledWith(entry.id);
    expect(sut.failed.value).toEqual([]);
    expect(sut.status.value).toBe('Queued email.send again.');
  });
});
