/** "Ada Lovelace" → "AL", "eve" → "E": the letters of the generated avatar beside a name. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  const letters = (words.length > 1 ? [words[0]!, words.at(-1)!] : words.slice(0, 1)).map(
    (word) => [...word][0] ?? '',
  );
  return letters.join('').toUpperCase() || '?';
}

/**
 * The avatar's hue for a user id (FNV-1a over its characters): the same person keeps one colour
 * on every page and every visit, with nothing fetched from anywhere.
 */
export function avatarHue(userId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < userId.length; index++) {
    hash ^= userId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 360;
}

/**
 * Dark enough at every hue for white initials to pass WCAG AA for small text (4.5:1, checked over
 * all 360 hues in avatar.spec.ts), in either theme.
 */
export const AVATAR_SATURATION = 55;
export const AVATAR_LIGHTNESS = 30;

export function avatarColor(userId: string): string {
  return `hsl(${avatarHue(userId)} ${AVATAR_SATURATION}% ${AVATAR_LIGHTNESS}%)`;
}
