/** What the embed reads from, and keeps on, the host page. Vue-free, so count.js can share it. */

/** The one localStorage key of the host page that holds the reader's Parley token. */
export const TOKEN_KEY = 'parley:session';

/** The element id a permalink in the host page's address points at: `#parley-comment-<id>`. */
const HASH = /^#parley-comment-([0-9a-f-]{36})$/i;

/** The origin a script was loaded from: the API's, since Parley serves embed.js itself. */
export function scriptOrigin(script: { src: string } | null, fallback: string): string {
  if (!script?.src) return fallback;
  try {
    return new URL(script.src).origin;
  } catch {
    return fallback;
  }
}

/** The page's address without its hash (permalinks add their own). */
export function pageUrl(location: { href: string }): string {
  const url = new URL(location.href);
  url.hash = '';
  return url.href;
}

/** The story's address: the attribute, else the page's canonical link, else the page's address. */
export function defaultStoryUrl(doc: Document, location: { href: string }): string {
  const canonical = doc.querySelector<HTMLLinkElement>('link[rel~="canonical"][href]');
  if (canonical) {
    try {
      return new URL(canonical.getAttribute('href') ?? '', location.href).href;
    } catch {
      // A malformed canonical link: the page's own address is still right.
    }
  }
  return pageUrl(location);
}

/** The comment id the host page's hash points at, or null. */
export function hashTarget(hash: string): string | null {
  return HASH.exec(hash)?.[1] ?? null;
}

/** The permalink of a comment: the host page with the comment's hash. */
export function hostPermalink(location: { href: string }, id: string): string {
  return `${pageUrl(location)}#parley-comment-${id}`;
}

/** The reader's token in the host page's localStorage; storage may be blocked (private modes). */
export const tokenStorage = {
  read(storage: Storage | null = safeStorage()): string | null {
    try {
      return storage?.getItem(TOKEN_KEY) ?? null;
    } catch {
      return null;
    }
  },
  write(token: string | null, storage: Storage | null = safeStorage()): void {
    try {
      if (token) storage?.setItem(TOKEN_KEY, token);
      else storage?.removeItem(TOKEN_KEY);
    } catch {
      // Not kept: the reader stays signed in until the page is left.
    }
  },
};

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
