/**
 * The moderator searches the search scenario measures, as `GET /api/moderation/search` query
 * strings. The words are from the seed's Russian list (search-text.ts), chosen by how often the
 * seed uses them: `санкции` is in about 2% of all comments, `прав*` matches three words
 * (правительство, правда, православие), and the phrase's two words are each in a few percent of
 * the comments but next to each other in few.
 */

export type SearchSort = 'newest' | 'rank';

export interface SearchCaseSpec {
  /** Short name in the table: `word, newest, page 2`. */
  name: string;
  q: string;
  sort: SearchSort;
  /** Follow the first page's `nextCursor` and measure the second page. */
  secondPage: boolean;
  /** Narrow to the seed's busiest author or story. */
  filter?: 'user' | 'story';
  /** The same search as a tsquery over the text alone, to count its matches (names aside). */
  tsquery: string;
}

export const SEARCH_WORD = 'санкции';
export const SEARCH_PHRASE = '"Россия Сербия"';
export const SEARCH_PREFIX = 'прав*';

const word = { q: SEARCH_WORD, tsquery: `'санкции'` };
const phrase = { q: SEARCH_PHRASE, tsquery: `'россия' <-> 'сербия'` };
const prefix = { q: SEARCH_PREFIX, tsquery: `'прав':*` };

export const SEARCH_CASES: SearchCaseSpec[] = [
  { name: 'word, newest', ...word, sort: 'newest', secondPage: false },
  { name: 'word, newest, page 2', ...word, sort: 'newest', secondPage: true },
  { name: 'word, rank', ...word, sort: 'rank', secondPage: false },
  { name: 'word, rank, page 2', ...word, sort: 'rank', secondPage: true },
  { name: 'phrase, newest', ...phrase, sort: 'newest', secondPage: false },
  { name: 'phrase, rank', ...phrase, sort: 'rank', secondPage: false },
  { name: 'prefix, newest', ...prefix, sort: 'newest', secondPage: false },
  { name: 'prefix, rank', ...prefix, sort: 'rank', secondPage: false },
  { name: 'word + author, newest', ...word, sort: 'newest', secondPage: false, filter: 'user' },
  { name: 'word + story, newest', ...word, sort: 'newest', secondPage: false, filter: 'story' },
];

/** The request path of a case: the search's own query string, percent-encoded. */
export function searchPath(
  spec: Pick<SearchCaseSpec, 'q' | 'sort' | 'filter'>,
  filters: { user: string; story: string },
  limit: number,
  cursor?: string | null,
): string {
  const params = new URLSearchParams({ q: spec.q, sort: spec.sort, limit: String(limit) });
  if (spec.filter === 'user') params.set('user', filters.user);
  if (spec.filter === 'story') params.set('story', filters.story);
  if (cursor) params.set('cursor', cursor);
  return `/api/moderation/search?${params.toString()}`;
}
