/** The longest slug made from a title (the schema allows 200; addresses stay readable). */
const MAX_SLUG_LENGTH = 60;

/**
 * Lower-case words of `text` joined by hyphens, letters without their accents; empty when nothing
 * Latin is left (a title in Cyrillic, say: the caller falls back to the URL).
 */
export function slugify(text: string): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG_LENGTH) return slug || word.slice(0, MAX_SLUG_LENGTH);
    slug = next;
  }
  return slug;
}

/** A percent-encoded path decoded for reading, without control or invisible characters. */
function readablePath(path: string): string {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // A malformed escape: keep the path as it was written.
  }
  return decoded.replace(/\p{C}/gu, '');
}

/** The slug for a new story: from its title, else the URL's last path segment, else `story`. */
export function baseSlug(title: string, url: string): string {
  const segments = new URL(url).pathname.split('/').filter(Boolean);
  return slugify(title) || slugify(readablePath(segments.at(-1) ?? '')) || 'story';
}

/** Paths under `/api/stories/` that are not a story's slug: a story cannot take them. */
export const RESERVED_STORY_SLUGS: readonly string[] = ['counts', 'default', 'resolve'];

/** `base` if free, else `base-2`, `base-3`, … the first not in `taken` nor reserved. */
export function freeSlug(base: string, taken: readonly string[]): string {
  const used = new Set([...taken, ...RESERVED_STORY_SLUGS]);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** The title of a story whose page gave none: its URL's path, readable (the host for the root). */
export function titleFromUrl(url: string, maxLength: number): string {
  const { host, pathname } = new URL(url);
  const path = readablePath(pathname).trim();
  return Array.from(path === '/' || path === '' ? host : path)
    .slice(0, maxLength)
    .join('');
}
