import { ref, watch, type Ref } from 'vue';

export interface StoredDraft {
  body: string;
  /** Made once per draft: every retry of this draft sends it, so the server cannot store it twice. */
  clientId: string;
}

const PREFIX = 'parley:draft:';

export function draftKey(slug: string, parentId: string | null | undefined): string {
  return `${PREFIX}${slug}:${parentId ?? 'top'}`;
}

function newClientId(): string {
  return crypto.randomUUID();
}

export function readDraft(storage: Storage, key: string): StoredDraft | null {
  try {
    const raw = storage.getItem(key);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<StoredDraft>;
    return typeof value.body === 'string' && typeof value.clientId === 'string'
      ? { body: value.body, clientId: value.clientId }
      : null;
  } catch {
    return null;
  }
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * A comment being written, kept in localStorage per article and parent until the server confirms
 * the post. The clientId stays with the text, so a retry after a failure is the same post.
 */
export function useDraft(key: Ref<string>) {
  const storage = safeStorage();
  const stored = storage ? readDraft(storage, key.value) : null;
  const body = ref(stored?.body ?? '');
  const clientId = ref(stored?.clientId ?? newClientId());

  watch(key, (next) => {
    const draft = storage ? readDraft(storage, next) : null;
    body.value = draft?.body ?? '';
    clientId.value = draft?.clientId ?? newClientId();
  });

  watch(body, (text) => {
    if (!storage) return;
    try {
      if (text.trim())
        storage.setItem(
          key.value,
          JSON.stringify({ body: text, clientId: clientId.value } satisfies StoredDraft),
        );
      else storage.removeItem(key.value);
    } catch {
      // Storage full or blocked: the draft still lives in the page.
    }
  });

  /** The post was confirmed: forget the text and start a new draft. */
  function clear(): void {
    storage?.removeItem(key.value);
    body.value = '';
    clientId.value = newClientId();
  }

  /** The server refused this text for good: keep it for rewriting, under a new id. */
  function renew(): void {
    clientId.value = newClientId();
    if (storage && body.value.trim())
      storage.setItem(key.value, JSON.stringify({ body: body.value, clientId: clientId.value }));
  }

  return { body, clientId, clear, renew };
}
