/** A piece of text, and whether it is one of the words being highlighted. */
export interface TextPart {
  text: string;
  match: boolean;
}

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A matcher for the fragments moderation flagged (as written in the comment), longest first so a
 * phrase wins over a word inside it; case-insensitive. Null when there is nothing to look for.
 */
export function wordMatcher(words: readonly string[]): RegExp | null {
  const unique = [...new Set(words.map((word) => word.trim()).filter(Boolean))].sort(
    (a, b) => b.length - a.length,
  );
  if (unique.length === 0) return null;
  return new RegExp(unique.map(escape).join('|'), 'giu');
}

/** Splits `text` into plain and matching parts; the parts joined give back `text`. */
export function splitMatches(text: string, matcher: RegExp | null): TextPart[] {
  if (!matcher || !text) return text ? [{ text, match: false }] : [];
  const parts: TextPart[] = [];
  let last = 0;
  for (const found of text.matchAll(matcher)) {
    const start = found.index;
    if (found[0].length === 0) continue;
    if (start > last) parts.push({ text: text.slice(last, start), match: false });
    parts.push({ text: found[0], match: true });
    last = start + found[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), match: false });
  return parts;
}
