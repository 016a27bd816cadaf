/**
 * Story addresses, without zod: the API keys stories by these, and the web app may use them too.
 */
import { PLACEHOLDER_STORY_ORIGIN } from '@parley/db/schema';

/** The longest story title kept; a longer title from a host page is cut here. */
export const STORY_TITLE_MAX_LENGTH = 200;
/** The longest story URL accepted, after normalizing. */
export const STORY_URL_MAX_LENGTH = 2000;
/** The longest external (CMS) id. */
export const STORY_EXTERNAL_ID_MAX_LENGTH = 200;
/** Keys (`url` and `id` together) one counts request may ask for. */
export const STORY_COUNTS_MAX_KEYS = 100;

/**
 * The one spelling of a story's address, so that every spelling of one page finds one story:
 * scheme and host in lower case, no default port, no `#fragment`, no trailing slash (except the
 * root `/`: most sites serve `/a/b` and `/a/b/` as one page, and one thread for both is the lesser
 * harm); path and query are kept as written (their case and order can matter to the site).
 * Only absolute http(s) URLs without credentials qualify; anything else is null.
 */
export function normalizeStoryUrl(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || !url.hostname) return null;
  url.hash = '';
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) {
    url.pathname = url.pathname.replace(/\/+$/, '') || '/';
  }
  return url.href;
}

/** Whether a story's URL is the placeholder given to stories that predate URLs (no real page to link to). */
export function isPlaceholderStoryUrl(url: string): boolean {
  return url.startsWith(`${PLACEHOLDER_STORY_ORIGIN}/`);
}
