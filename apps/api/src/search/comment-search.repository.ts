import { Inject, Injectable } from '@nestjs/common';
import { sql } from '@parley/db';
import type { SearchableStatus } from '@parley/shared';
import { newestFirst, type CursorKey } from '../common/cursor.js';
import { KYSELY } from '../database/database.module.js';
import type { Executor } from '../database/transaction-runner.js';

/** How many authors, and how many stories, a search text may match by name before it stops looking. */
export const NAME_MATCH_LIMIT = 100;

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
  newest(filters: CommentSearchFilters, limit: number, after?: CursorKey) {
    return this.matching(filters)
      .select(sql<null>`null`.as('rank'))
      .$call(newestFirst(limit, after, 'c'))
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
