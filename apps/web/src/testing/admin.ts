import type {
  ImportJob,
  ImportJobReport,
  OutboxEntry,
  Story,
  WebhookDeliveryView,
  WebhookView,
} from '@parley/shared';
import { ApiError } from '../api/http.js';
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

/** A delivery that got no answer. */
export function webhookDelivery(overrides: Partial<WebhookDeliveryView> = {}): WebhookDeliveryView {
  return {
    id: uuid(),
    eventId: uuid(),
    eventType: 'comment.held',
    attempt: 1,
    statusCode: null,
    error: 'timed out after 5000 ms',
    durationMs: 5000,
    createdAt: '2030-01-01T12:01:00.000Z',
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

export function importJob(overrides: Partial<ImportJob> = {}): ImportJob {
  return {
    id: '6f1c1f4e-9a8e-4b8e-9c55-2f1f0c7a0a01',
    format: 'disqus',
    fileName: 'export.xml',
    fileBytes: 1000,
    status: 'queued',
    phase: null,
    bytesRead: 0,
    postsRead: 0,
    attempts: 0,
    report: null,
    error: null,
    startedBy: null,
    createdAt: '2026-12-07T10:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    ...overrides,
  };
}

const noSkips = () => ({ total: 0, byReason: [], named: [] });

/** A finished import's report: nothing counted unless given (reasons as codes; no English `lines`). */
export function importReport(overrides: Partial<ImportJobReport> = {}): ImportJobReport {
  return {
    storiesCreated: 0,
    storiesMatched: 0,
    storiesSkipped: noSkips(),
    commentsNew: 0,
    commentsAlreadyImported: 0,
    placeholders: 0,
    spam: 0,
    pending: 0,
    shortened: 0,
    skipped: noSkips(),
    orphans: noSkips(),
    authorsCreated: 0,
    authorsMatched: 0,
    ...overrides,
  };
}

/** The server's refusal of an upload whose format is not one it imports (a field error on `format`). */
export function formatRefusal(): ApiError {
  return new ApiError(
    'request/invalid',
    'Invalid request. format: Choose one of: disqus, wordpress, parley.',
    400,
    {
      format: 'Choose one of: disqus, wordpress, parley.',
    },
  );
}
