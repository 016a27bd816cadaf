import type { OutboxEntry, Story, WebhookView } from '@parley/shared';
import { uuid } from './factories.js';

export function webhook(overrides: Partial<WebhookView> = {}): WebhookView {
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

export function failedEntry(overrides: Partial<OutboxEntry> = {}): OutboxEntry {
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

export function story(overrides: Partial<Story> = {}): Story {
  const id = uuid();
  return {
    id,
    slug: `story-${id.slice(0, 8)}`,
    url: `https://news.example.org/${id}`,
    externalId: null,
    title: 'A story',
    commentsOpen: true,
    premod: 'off',
    commentCount: 2,
    createdAt: '2030-01-01T12:00:00.000Z',
    ...overrides,
  };
}

/** Every control must have a name: its own label, aria-label, or text. */
export function unnamedControls(root: HTMLElement): string[] {
  return [...root.querySelectorAll<HTMLElement>('button, input, select, textarea')]
    .filter((control) => {
      if (control.getAttribute('aria-label')) return false;
      if (control.id && root.querySelector(`label[for="${control.id}"]`)) return false;
      if (control.closest('label')?.textContent?.trim()) return false;
      return !(control.tagName === 'BUTTON' && control.textContent?.trim());
    })
    .map((control) => control.outerHTML);
}
