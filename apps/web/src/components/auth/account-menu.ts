/** Kept here for the header's menu; the avatar's letters live with the avatar. */
export { initialsOf } from '../user/avatar.js';

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
