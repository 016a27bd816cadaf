import type { AuthorHistory, QueueItem } from '@parley/shared';

/**
 * How the moderation store shows an author's history on their cards (pure, so it is read without
 * Pinia). Every card of an author shows the same, latest history.
 */

/**
 * Where the history came from. A live card carries no address (every staff member gets it), so
 * `live` keeps the address an admin's page already has; an action's answer is this viewer's own.
 */
export type AuthorSource = 'live' | 'action';

/** The list with every card of this author showing `author` (the same array when it holds none). */
export function withAuthorHistory(
  list: QueueItem[],
  author: AuthorHistory,
  source: AuthorSource,
): QueueItem[] {
  if (!list.some((item) => item.author.id === author.id)) return list;
  return list.map((item) => {
    if (item.author.id !== author.id) return item;
    const email = source === 'live' ? (author.email ?? item.author.email) : author.email;
    return { ...item, author: { ...author, email } };
  });
}
