/** "Ada Lovelace" → "AL", "eve" → "E": the letters of the generated avatar beside a name. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  const letters = (words.length > 1 ? [words[0]!, words.at(-1)!] : words.slice(0, 1)).map(
    (word) => [...word][0] ?? '',
  );
  return letters.join('').toUpperCase() || '?';
}

/** The index a key moves the focus to in a menu of `count` items (null: the key is not the menu's). */
export function nextMenuIndex(key: string, current: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return (current + 1) % count;
    case 'ArrowUp':
      return (current - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
