import { Inject, Injectable } from '@nestjs/common';
import { sql, type DB, type Kysely, type Story } from '@parley/db';
import { newestFirst, type CursorKey } from '../common/cursor.js';
import { visibleSql } from '../common/status-sql.js';
import { KYSELY } from '../database/database.module.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';

/** A story as the API reads it: the row without its article (body and tags). */
export type StoryRecord = Pick<
  Story,
  'id' | 'slug' | 'url' | 'externalId' | 'title' | 'commentsOpen' | 'premod' | 'commentCount' | 'createdAt'
> & {
  /** Whether the full page has paragraphs of its own (a story made on first view has none). */
  hasBody: boolean;
};

export interface NewStory {
  slug: string;
  url: string;
  externalId: string | null;
  title: string;
  commentsOpen?: boolean;
  premod?: Story['premod'];
}

export type StoryChanges = Partial<Pick<Story, 'title' | 'url' | 'externalId' | 'commentsOpen' | 'premod'>>;

/**
 * A story's visible comments: the base kept on its row plus the per-backend deltas the comments
 * trigger adds (migration 2026_11_30_0007). The one definition of the count; every read uses it.
 */
export const commentCount = sql<number>`(stories.comment_count + coalesce((
    select sum(c.delta) from story_comment_counts c where c.story_id = stories.id
  ), 0))::int`.as('commentCount');

/**
 * Sets a story's count from its comments and clears its shards, in the caller's transaction (a
 * story merge moves comments, the one change the trigger does not count). The lock keeps posts
 * from adding deltas between the recount and the reset of the shards; they wait for this
 * transaction only, a few milliseconds.
 */
async function recountStoryComments(trx: Executor, storyId: string): Promise<number> {
  await sql`lock table story_comment_counts in exclusive mode`.execute(trx);
  await trx.deleteFrom('storyCommentCounts').where('storyId', '=', storyId).execute();
  const { rows } = await sql<{ commentCount: number }>`
      update stories set comment_count = (
        select count(*) from comments
         where comments.story_id = ${storyId} and ${visibleSql()}
      ) where id = ${storyId} returning comment_count`.execute(trx);
  return rows[0]?.commentCount ?? 0;
}

/** Escapes `%`, `_` and `\` for a LIKE pattern. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
}

/** The only SQL about stories. */
@Injectable()
export class StoriesRepository implements ExecutorBound<StoriesRepository> {
  constructor(@Inject(KYSELY) private readonly db: Executor) {}

  withExecutor(executor: Executor): StoriesRepository {
    return new StoriesRepository(executor);
  }

  private select() {
    return this.db
      .selectFrom('stories')
      .select([
        'stories.id',
        'stories.slug',
        'stories.url',
        'stories.externalId',
        'stories.title',
        'stories.commentsOpen',
        'stories.premod',
        commentCount,
        'stories.createdAt',
        sql<boolean>`stories.body <> ''`.as('hasBody'),
      ]);
  }

  findById(id: string): Promise<StoryRecord | undefined> {
    return this.select().where('stories.id', '=', id).executeTakeFirst();
  }

  /** The whole row with its article, for the story's own page and the posting rules. */
  findRowBySlug(slug: string): Promise<Story | undefined> {
    return this.db
      .selectFrom('stories')
      .selectAll()
      .select(commentCount)
      .where('slug', '=', slug)
      .executeTakeFirst();
  }

  findRowById(id: string): Promise<Story | undefined> {
    return this.db
      .selectFrom('stories')
      .selectAll()
      .select(commentCount)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  findBySlug(slug: string): Promise<StoryRecord | undefined> {
    return this.select().where('stories.slug', '=', slug).executeTakeFirst();
  }

  findByUrl(url: string): Promise<StoryRecord | undefined> {
    return this.select().where('stories.url', '=', url).executeTakeFirst();
  }

  findByExternalId(externalId: string): Promise<StoryRecord | undefined> {
    return this.select().where('stories.externalId', '=', externalId).executeTakeFirst();
  }

  /** Locks stories for a merge, in id order so two merges of the same pair cannot deadlock. */
  async lockByIds(ids: string[]): Promise<StoryRecord[]> {
    return this.select().where('stories.id', 'in', ids).orderBy('stories.id').forUpdate().execute();
  }

  /** The slugs taken among `base` and `base-<n>`, to pick a free one without a query per try. */
  async slugsLike(base: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('stories')
      .select('slug')
      .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
      .execute();
    return rows.map((row) => row.slug);
  }

  /**
   * Inserts a story unless one with its URL, external id or slug exists (racing first views of one
   * page insert one row); undefined when nothing was inserted.
   */
  insertIfAbsent(story: NewStory): Promise<StoryRecord | undefined> {
    return this.db
      .insertInto('stories')
      .values({
        slug: story.slug,
        url: story.url,
        externalId: story.externalId,
        title: story.title,
        body: '',
        tags: [],
        publishedAt: new Date(),
        ...(story.commentsOpen !== undefined && { commentsOpen: story.commentsOpen }),
        ...(story.premod !== undefined && { premod: story.premod }),
      })
      .onConflict((oc) => oc.doNothing())
      .returning([
        'id',
        'slug',
        'url',
        'externalId',
        'title',
        'commentsOpen',
        'premod',
        'commentCount',
        'createdAt',
        sql<boolean>`false`.as('hasBody'),
      ])
      .executeTakeFirst();
  }

  async update(id: string, changes: StoryChanges): Promise<StoryRecord | undefined> {
    const updated = await this.db
      .updateTable('stories')
      .set(changes)
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
    return updated && this.findById(updated.id);
  }

  /** Visible comment counts of the stories with these URLs or external ids. */
  counts(urls: string[], externalIds: string[]) {
    if (urls.length === 0 && externalIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('stories')
      .select(['url', 'externalId', commentCount])
      .where((eb) =>
        eb.or([
          ...(urls.length > 0 ? [eb('url', 'in', urls)] : []),
          ...(externalIds.length > 0 ? [eb('externalId', 'in', externalIds)] : []),
        ]),
      )
      .execute();
  }

  /** Newest first, `limit + 1` rows for `toPage`; `search` matches title or URL, ignoring case. */
  list(limit: number, search: string | undefined, after: CursorKey | undefined): Promise<StoryRecord[]> {
    let query = this.select();
    if (search) {
      const pattern = likePattern(search);
      query = query.where((eb) =>
        eb.or([eb('stories.title', 'ilike', pattern), eb('stories.url', 'ilike', pattern)]),
      );
    }
    return query.$call(newestFirst(limit, after, 'stories')).execute();
  }

  /** Moves every comment of one story to another; returns how many moved. */
  async moveComments(fromId: string, toId: string): Promise<number> {
    const result = await this.db
      .updateTable('comments')
      .set({ storyId: toId })
      .where('storyId', '=', fromId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Sets a story's comment count from its comments: a merge moves comments, which the trigger does not count. */
  async recountComments(id: string): Promise<number> {
    if (this.db.isTransaction) return recountStoryComments(this.db, id);
    return (this.db as Kysely<DB>).transaction().execute((trx) => recountStoryComments(trx, id));
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('stories').where('id', '=', id).execute();
  }
}
