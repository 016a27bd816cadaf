import { Injectable } from '@nestjs/common';
import type { CommentSearchPage, CommentSearchQuery } from '@parley/shared';
import {
  decodeCursor,
  NEWEST_FIRST_CURSOR,
  newestFirstKey,
  toPage,
  type CursorPart,
} from '../common/cursor.js';
import { StoryLookupService } from '../stories/story-lookup.service.js';
import { CommentSearchRepository, type CommentSearchFilters } from './comment-search.repository.js';
import { parseSearchText } from './search-text.js';

/** Rank pages go by position; past this many results a moderator should narrow the search instead. */
export const RANK_RESULTS_LIMIT = 1000;
const RANK_CURSOR: CursorPart[] = ['number'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Row =
  | Awaited<ReturnType<CommentSearchRepository['newest']>>[number]
  | Awaited<ReturnType<CommentSearchRepository['ranked']>>[number];

/** Moderators' search: parses the text, resolves the filters, pages the matches. */
@Injectable()
export class CommentSearchService {
  constructor(
    private readonly search: CommentSearchRepository,
    private readonly stories: StoryLookupService,
  ) {}

  async find(query: CommentSearchQuery): Promise<CommentSearchPage> {
    // Cursors first: a tampered one is a 400 before any query runs.
    const after = query.sort === 'newest' ? decodeCursor(query.cursor, NEWEST_FIRST_CURSOR) : undefined;
    const offset = query.sort === 'rank' ? Number(decodeCursor(query.cursor, RANK_CURSOR)?.[0] ?? 0) : 0;
    const storyId = query.story ? await this.storyIdOf(query.story) : undefined;
    const tsquery = query.q === undefined ? undefined : parseSearchText(query.q).tsquery;
    // A text with no words in it (only punctuation, or only exclusions) finds nothing.
    if (tsquery === null) return { items: [], nextCursor: null };
    const [authorIds, storyIds] = tsquery
      ? await Promise.all([this.search.authorsNamed(tsquery), this.search.storiesTitled(tsquery)])
      : [[], []];
    const filters: CommentSearchFilters = {
      tsquery,
      authorIds,
      storyIds,
      userId: query.user,
      storyId,
      status: query.status,
      from: query.from,
      to: query.to,
    };
    if (query.sort === 'rank' && tsquery) {
      if (offset >= RANK_RESULTS_LIMIT) return { items: [], nextCursor: null };
      const limit = Math.min(query.limit, RANK_RESULTS_LIMIT - offset);
      const rows = await this.search.ranked({ ...filters, tsquery }, limit, offset);
      const page = toPage(rows, limit, () => [offset + limit]);
      return { items: page.items.map(toResult), nextCursor: page.nextCursor };
    }
    const rows = await this.search.newest(filters, query.limit, after);
    const page = toPage(rows, query.limit, newestFirstKey);
    return { items: page.items.map(toResult), nextCursor: page.nextCursor };
  }

  private async storyIdOf(story: string): Promise<string> {
    return UUID.test(story) ? (await this.stories.getById(story)).id : this.stories.idOf(story);
  }
}

function toResult(row: Row) {
  return {
    id: row.id,
    parentId: row.parentId,
    body: row.body,
    status: row.status,
    featured: row.featured,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    author: { id: row.authorId, username: row.username, displayName: row.displayName, role: row.role },
    story: { id: row.storyId, slug: row.storySlug, title: row.storyTitle },
    rank: row.rank,
  };
}
