import { Inject, Injectable } from '@nestjs/common';
import { sql } from '@parley/db';
import type { SearchableStatus } from '@parley/shared';
import { newestFirst, type CursorKey } from '../common/cursor.js';
import { KYSELY } from '../database/database.module.js';
import type { Executor } from '../database/transaction-runner.js';

/** How many authors, and how many stories, a search text may match by name before it stops looking. */
export const NAME_MATCH_LIMIT = 100;

/**
 * How many of the newest comments a text search reads in date order before it asks the text index
 * instead. Reading in date order stops at the page's last match, but re-parses each comment it reads
 * (about 15 µs): cheap for a common word, ruinous for a rare one. A text with fewer than a page of
 * matches in these rows is rare enough that fetching all its matches is the cheaper way.
 */
export const ORDERED_SCAN_BUDGET = 2000;

export interface CommentSearchFilters {
  /** The tsquery text from `parseSearchText` (a bound parameter), or none: filters alone. */
  tsquery?: string;
  /** Authors and stories whose names matched the text: their comments match too. */
  authorIds: string[];
  storyIds: string[];
  userId?: string;
  storyId?: string;
  status?: SearchableStatus;
  from?: string;
  to?: string;
}

// Written exactly as the index `comments_body_search_idx` is, so the planner uses it.
const BODY_VECTOR = sql`to_tsvector('simple', c.body)`;
const queryOf = (tsquery: string) => sql`to_tsquery('simple', ${tsquery})`;
/** Rows older than the cursor key, as `newestFirst` pages them. */
const before = (after: CursorKey) =>
  sql<boolean>`(c.created_at, c.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`;

/** The only SQL of moderators' search: comments by text, author name or story title, and filters. */
@Injectable()
export class CommentSearchRepository {
  constructor(@Inject(KYSELY) private readonly db: Executor) {}

  async authorsNamed(tsquery: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('users')
      .select('id')
      .where(sql<boolean>`to_tsvector('simple', username || ' ' || display_name) @@ ${queryOf(tsquery)}`)
      .limit(NAME_MATCH_LIMIT)
      .execute();
    return rows.map((row) => row.id);
  }

  async storiesTitled(tsquery: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('stories')
      .select('id')
      .where(sql<boolean>`to_tsvector('simple', title) @@ ${queryOf(tsquery)}`)
      .limit(NAME_MATCH_LIMIT)
      .execute();
    return rows.map((row) => row.id);
  }

  /** Newest first, keyset-paged on (created_at, id): `limit + 1` rows for `toPage`. */
  async newest(filters: CommentSearchFilters, limit: number, after?: CursorKey) {
    const page = () => this.matching(filters).select(sql<null>`null`.as('rank'));
    if (filters.tsquery === undefined)
      return page()
        .$call(newestFirst(limit, after, 'c'))
        .execute();
    // The planner cannot tell a rare text from a common one well enough (phrases especially), so
    // first read at most ORDERED_SCAN_BUDGET rows in date order: the asked author's when there is
    // one (their date index finds the edge in a millisecond, where the site's newest rows hold few
    // of theirs; a story has no such index of all its comments), else the site's…
    const edge = await this.db
      .selectFrom('comments as c')
      .select(['c.createdAt', 'c.id'])
      .$if(filters.userId !== undefined, (query) => query.where('c.authorId', '=', filters.userId!))
      .$if(filters.to !== undefined, (query) => query.where('c.createdAt', '<=', new Date(filters.to!)))
      .$if(after !== undefined, (query) => query.where(before(after!)))
      .orderBy('c.createdAt', 'desc')
      .orderBy('c.id', 'desc')
      .offset(ORDERED_SCAN_BUDGET - 1)
      .limit(1)
      .executeTakeFirst();
    const recent = await page()
      .$if(edge !== undefined, (query) =>
        query.where(sql<boolean>`(c.created_at, c.id) >= (${edge!.createdAt}, ${edge!.id}::uuid)`),
      )
      .$call(newestFirst(limit, after, 'c'))
      .execute();
    if (recent.length > limit || edge === undefined) return recent;
    // …and when they hold less than a page, take every match from the text index and sort those:
    // ordering by an expression the date index cannot give keeps the planner from a long walk.
    return page()
      .$if(after !== undefined, (query) => query.where(before(after!)))
      .orderBy(sql`c.created_at + interval '0 s'`, 'desc')
      .orderBy('c.id', 'desc')
      .limit(limit + 1)
      .execute();
  }

  /** Best text match first, then newest; paged by position (`offset`), `limit + 1` rows. */
  ranked(filters: CommentSearchFilters & { tsquery: string }, limit: number, offset: number) {
    return this.matching(filters)
      .select(sql<number>`ts_rank(${BODY_VECTOR}, ${queryOf(filters.tsquery)})::float8`.as('rank'))
      .orderBy('rank', 'desc')
      .orderBy('c.createdAt', 'desc')
      .orderBy('c.id', 'desc')
      .limit(limit + 1)
      .offset(offset)
      .execute();
  }

  private matching(filters: CommentSearchFilters) {
    const { tsquery, authorIds, storyIds } = filters;
    return (
      this.db
        .selectFrom('comments as c')
        .innerJoin('users as u', 'u.id', 'c.authorId')
        .innerJoin('stories as s', 's.id', 'c.storyId')
        .select([
          'c.id',
          'c.parentId',
          'c.body',
          'c.status',
          'c.featured',
          'c.createdAt',
          'c.editedAt',
          'u.id as authorId',
          'u.username',
          'u.displayName',
          'u.role',
          's.id as storyId',
          's.slug as storySlug',
          's.title as storyTitle',
        ])
        // Deleted comments never: their text is gone, and a placeholder is not a finding.
        .where('c.status', filters.status ? '=' : '<>', filters.status ?? 'deleted')
        .$if(tsquery !== undefined, (query) =>
          query.where((eb) =>
            eb.or([
              sql<boolean>`${BODY_VECTOR} @@ ${queryOf(tsquery!)}`,
              ...(authorIds.length > 0 ? [eb('c.authorId', 'in', authorIds)] : []),
              ...(storyIds.length > 0 ? [eb('c.storyId', 'in', storyIds)] : []),
            ]),
          ),
        )
        .$if(filters.userId !== undefined, (query) => query.where('c.authorId', '=', filters.userId!))
        .$if(filters.storyId !== undefined, (query) => query.where('c.storyId', '=', filters.storyId!))
        .$if(filters.from !== undefined, (query) => query.where('c.createdAt', '>=', new Date(filters.from!)))
        .$if(filters.to !== undefined, (query) => query.where('c.createdAt', '<=', new Date(filters.to!)))
    );
  }
}
