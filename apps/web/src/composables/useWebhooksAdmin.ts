import type {
  OutboxEntry,
  WebhookCreated,
  WebhookDeliveryView,
  WebhookEventType,
  WebhookUpdateRequest,
  WebhookView,
} from '@parley/shared';
import { FIELD_MESSAGES } from '@parley/shared/values';
import { reactive, ref } from 'vue';
import { formErrors } from '../api/field-errors.js';
import { moderationApi } from '../api/moderation.js';
import { useLocalization } from '../i18n/localization.js';
import { useAsyncAction } from './useAsyncAction.js';

/** What the create and edit forms hold; the secret is optional (empty: Parley makes or keeps one). */
export interface WebhookDraft {
  url: string;
  events: WebhookEventType[];
  secret: string;
}

/** The fields the webhook forms show a message beside. */
const WEBHOOK_FIELDS = ['url', 'events', 'secret'] as const;
export type WebhookField = (typeof WEBHOOK_FIELDS)[number];

/**
 * The Webhooks tab's state and actions (admins): endpoints, the one being edited, confirmed
 * for deletion or showing its deliveries, and the outbox entries parked after their last try.
 * `status` holds the outcome of the last change for screen readers, in the page's language;
 * `action.error` why it failed, unless the reasons go beside a form's fields (`fieldErrors`).
 * Components render it; nothing here touches the DOM.
 */
export function useWebhooksAdmin() {
  const { t } = useLocalization();
  const loading = useAsyncAction();
  const action = useAsyncAction();
  const status = ref<string | null>(null);

  const webhooks = ref<WebhookView[]>([]);
  const failed = ref<OutboxEntry[]>([]);
  const loaded = ref(false);

  /** Which endpoint (by id) has its edit form, its delete confirmation or its deliveries open. */
  const editing = ref<string | null>(null);
  const confirming = ref<string | null>(null);
  const shown = ref<string | null>(null);
  const edit = reactive({ url: '', events: [] as WebhookEventType[], active: true, secret: '' });
  const deliveries = reactive<Record<string, WebhookDeliveryView[] | undefined>>({});
  /** The form that failed last (`new`, or a webhook's id) and each of its fields' message. */
  const problems = ref<{ form: string; fields: Partial<Record<WebhookField, string>> } | null>(null);
  /** A form's field messages: only the form that failed shows them. */
  const fieldErrors = (form: string): Partial<Record<WebhookField, string>> =>
    problems.value?.form === form ? problems.value.fields : {};

  /** Puts a refusal's field messages beside the form's fields, rather than above the list. */
  function showFieldErrors(form: string, caught: unknown): void {
    const { fields } = formErrors(caught, WEBHOOK_FIELDS);
    if (Object.keys(fields).length === 0) return;
    problems.value = { form, fields };
    action.error.value = null;
  }

  async function load(): Promise<void> {
    const result = await loading.run(() => Promise.all([moderationApi.webhooks(), moderationApi.outbox()]));
    if (result.status === 'done') {
      webhooks.value = result.value[0].items;
      failed.value = result.value[1].items;
      loaded.value = true;
    }
  }

  async function act(work: () => Promise<string>, form?: string): Promise<boolean> {
    status.value = null;
    problems.value = null;
    const result = await action.run(work);
    if (result.status === 'done') status.value = result.value;
    if (result.status === 'failed' && form) showFieldErrors(form, result.error);
    return result.status === 'done';
  }

  /** False (with a message beside the events) when a form chose no event, before the server is asked. */
  function hasEvents(draft: { events: WebhookEventType[] }, form: string): boolean {
    if (draft.events.length > 0) return true;
    action.error.value = null;
    problems.value = { form, fields: { events: FIELD_MESSAGES.webhookEvents } };
    return false;
  }

  /** Registers an endpoint; the answer holds its secret, which the list never keeps. */
  async function create(draft: WebhookDraft): Promise<WebhookCreated | null> {
    if (!hasEvents(draft, 'new')) return null;
    status.value = null;
    problems.value = null;
    const result = await action.run(() =>
      moderationApi.createWebhook({
        url: draft.url.trim(),
        events: [...draft.events],
        active: true,
        ...(draft.secret.trim() && { secret: draft.secret.trim() }),
      }),
    );
    if (result.status === 'failed') showFieldErrors('new', result.error);
    if (result.status !== 'done') return null;
    const { secret: _secret, ...webhook } = result.value;
    webhooks.value = [...webhooks.value, webhook];
    status.value = t('moderate.webhooks.added', { url: webhook.url });
    return result.value;
  }

  function startEdit(webhook: WebhookView): void {
    editing.value = webhook.id;
    problems.value = null;
    Object.assign(edit, {
      url: webhook.url,
      events: [...webhook.events],
      active: webhook.active,
      secret: '',
    });
  }

  async function saveEdit(webhook: WebhookView): Promise<void> {
    if (!hasEvents(edit, webhook.id)) return;
    const changes: WebhookUpdateRequest = {
      url: edit.url.trim(),
      events: [...edit.events],
      active: edit.active,
      ...(edit.secret.trim() && { secret: edit.secret.trim() }),
    };
    const ok = await act(async () => {
      const saved = await moderationApi.updateWebhook(webhook.id, changes);
      webhooks.value = webhooks.value.map((known) => (known.id === saved.id ? saved : known));
      return t(changes.secret ? 'moderate.webhooks.savedNewSecret' : 'moderate.webhooks.saved', {
        url: saved.url,
      });
    }, webhook.id);
    if (ok) editing.value = null;
  }

  async function remove(webhook: WebhookView): Promise<void> {
    const ok = await act(async () => {
      await moderationApi.deleteWebhook(webhook.id);
      webhooks.value = webhooks.value.filter((known) => known.id !== webhook.id);
      return t('moderate.webhooks.deleted', { url: webhook.url });
    });
    if (ok) confirming.value = null;
  }

  /** Opens an endpoint's recent deliveries (fetched afresh each time), or closes them. */
  async function toggleDeliveries(webhook: WebhookView): Promise<void> {
    if (shown.value === webhook.id) {
      shown.value = null;
      return;
    }
    const result = await action.run(() => moderationApi.webhookDeliveries(webhook.id));
    if (result.status === 'done') {
      deliveries[webhook.id] = result.value.items;
      shown.value = webhook.id;
    }
  }

  async function retry(entry: OutboxEntry): Promise<void> {
    await act(async () => {
      await moderationApi.retryOutboxEntry(entry.id);
      failed.value = failed.value.filter((known) => known.id !== entry.id);
      return t('moderate.failed.retried', { kind: entry.kind });
    });
  }

  return {
    loading,
    action,
    status,
    webhooks,
    failed,
    loaded,
    editing,
    confirming,
    shown,
    edit,
    deliveries,
    fieldErrors,
    load,
    create,
    startEdit,
    saveEdit,
    remove,
    toggleDeliveries,
    retry,
  };
}

export type WebhooksAdmin = ReturnType<typeof useWebhooksAdmin>;
