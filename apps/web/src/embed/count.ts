import type { StoryCount } from '@parley/shared';
import { STORY_COUNTS_MAX_KEYS } from '@parley/shared/values';
import { configureConnection } from '../api/connection.js';
import { storiesApi } from '../api/stories.js';
import { scriptOrigin } from './host-page.js';

/**
 * count.js: fills every `<parley-count story-url="…">` or `<parley-count story-id="…">` on the page
 * with its story's comment count, in one request. `format="number"` writes the bare number.
 */
const apiOrigin = scriptOrigin(document.currentScript as HTMLScriptElement | null, location.origin);
configureConnection({ baseUrl: apiOrigin });

export function countText(count: number, format: string | null): string {
  if (format === 'number') return String(count);
  return `${count} ${count === 1 ? 'comment' : 'comments'}`;
}

/** The count for an element: by story id when it has one (the stable key), else by URL. */
export function countFor(element: Element, counts: readonly StoryCount[]): number {
  const id = element.getAttribute('story-id');
  const url = element.getAttribute('story-url');
  const found = id
    ? counts.find((entry) => 'id' in entry && entry.id === id)
    : counts.find((entry) => 'url' in entry && entry.url === url);
  return found?.count ?? 0;
}

export async function fillCounts(root: ParentNode = document): Promise<void> {
  const elements = [...root.querySelectorAll('parley-count')];
  const ids = new Set<string>();
  const urls = new Set<string>();
  for (const element of elements) {
    const id = element.getAttribute('story-id');
    const url = element.getAttribute('story-url');
    if (id) ids.add(id);
    else if (url) urls.add(url);
  }
  // One request, unless a page shows more stories than the API takes at once.
  const keys = [...[...urls].map((url) => ({ url })), ...[...ids].map((id) => ({ id }))];
  const batches: Promise<StoryCount[]>[] = [];
  for (let start = 0; start < keys.length; start += STORY_COUNTS_MAX_KEYS) {
    const batch = keys.slice(start, start + STORY_COUNTS_MAX_KEYS);
    batches.push(
      storiesApi.counts({
        urls: batch.flatMap((key) => ('url' in key ? [key.url] : [])),
        ids: batch.flatMap((key) => ('id' in key ? [key.id] : [])),
      }),
    );
  }
  if (batches.length === 0) return;
  const counts = (await Promise.all(batches)).flat();
  for (const element of elements) {
    const count = countFor(element, counts);
    element.setAttribute('data-count', String(count));
    element.textContent = countText(count, element.getAttribute('format'));
  }
}

function start(): void {
  // A failed request leaves the elements as the host wrote them (empty, or its own fallback text).
  fillCounts().catch(() => undefined);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
