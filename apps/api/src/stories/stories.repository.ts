import { Inject, Injectable } from '@nestjs/common';
import { sql, type Article } from '@parley/db';
import type { CursorKey } from '../common/cursor.js';
import { commentCount, recountStoryComments } from '../articles/articles.repository.js';
import { KYSELY } from '../database/database.module.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';

/** A story as the API reads it: the article row without its body and tags. */
export type StoryRecord = Pick<
  Article,
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
  premod?: Article['premod'];
}

export type StoryChanges = Partial<Pick<Article, 'title' | 'url' | 'externalId' | 'commentsOpen' | 'premod'>>;

/** The one place that says how the comment count is read: the trigger-kept column today. */

/** Escapes `%`, `_` and `\` for a LIKE pattern. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
}

/** Stories are article rows (the table keeps its name); this is the only SQL about them as stories. */
@Injectable()
export class StoriesRepository implements ExecutorBound<StoriesRepository> {
  constructor(@Inject(KYSELY) private readonly db: Executor) {}

  withExecutor(executor: Executor): StoriesRepository {
    return new StoriesRepository(executor);
  }

  private select() {
    return this.db
      .selectFrom('articles')
      .select([
        'articles.id',
        'articles.slug',
        'articles.url',
        'articles.externalId',
        'articles.title',
        'articles.commentsOpen',
        'articles.premod',
        commentCount,
        'articles.createdAt',
        sql<boolean>`articles.body <> ''`.as('hasBody'),
      ]);
  }

  findById(id: string): Promise<StoryRecord | undefined> {
    return this.select().where('articles.id', '=', id).executeTakeFirst();
  }

  findBySlug(slug: string): Promise<StoryRecord | undefined> {
    return this.select().where('articles.slug', '=', slug).executeTakeFirst();
  }

  findByUrl(url: string): Promise<StoryRecord | undefined> {
    return this.select().where('articles.url', '=', url).executeTakeFirst();
  }

  findByExternalId(externalId: string): Promise<StoryRecord | undefined> {
    return this.select().where('articles.externalId', '=', externalId).executeTakeFirst();
  }

  /** Locks stories for a merge, in id order so two merges of the same pair cannot deadlock. */
  async lockByIds(ids: string[]): Promise<StoryRecord[]> {
    return this.select().where('articles.id', 'in', ids).orderBy('articles.id').forUpdate().execute();
  }

  /** The slugs taken among `base` and `base-<n>`, to pick a free one without a query per try. */
  async slugsLike(base: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('articles')
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
      .insertInto('articles')
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
      .updateTable('articles')
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
      .selectFrom('articles')
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
        eb.or([eb('articles.title', 'ilike', pattern), eb('articles.url', 'ilike', pattern)]),
      );
    }
    if (after) {
      query = query.where(
        sql<boolean>`(articles.created_at, articles.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`,
      );
    }
    return query
      .orderBy('articles.createdAt', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(limit + 1)
      .execute();
  }

  /** Moves every comment of one story to another; returns how many moved. */
  async moveComments(fromId: string, toId: string): Promise<number> {
    const result = await this.db
      .updateTable('comments')
      .set({ articleId: toId })
      .where('articleId', '=', fromId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Sets a story's comment count from its comments: a merge moves comments, which the trigger does not count. */
  async recountComments(id: string): Promise<void> {
    await recountStoryComments(this.db, id);
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('articles').where('id', '=', id).execute();
  }
}
