import { configureConnection } from '../api/connection.js';
import { storiesApi, type StoryCount } from '../api/stories.js';
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
  const found = id ? counts.find((entry) => entry.id === id) : counts.find((entry) => entry.url === url);
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
  if (ids.size === 0 && urls.size === 0) return;
  const counts = await storiesApi.counts({ ids: [...ids], urls: [...urls] });
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
