import { Injectable } from '@nestjs/common';
import type { Article as ArticleRow } from '@parley/db';
import type { Article } from '@parley/shared';
import { AppError } from '../common/app-error.js';
import { ArticlesRepository } from './articles.repository.js';

export function toArticle(row: ArticleRow): Article {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    paragraphs: row.body.split(/\n{2,}/).filter(Boolean),
    tags: row.tags,
    publishedAt: row.publishedAt.toISOString(),
    commentsOpen: row.commentsOpen,
    premod: row.premod,
    commentCount: row.commentCount,
    url: row.url,
    externalId: row.externalId,
  };
}

/** Slugs remembered by `idOf`; past it the oldest is forgotten. */
const MAX_CACHED_SLUGS = 10_000;

@Injectable()
export class ArticlesService {
  /** slug → id: neither ever changes, so an article is looked up once per process. */
  private readonly ids = new Map<string, string>();

  constructor(private readonly articles: ArticlesRepository) {}

  /**
   * The id of an article, from memory after the first time: joining a room needs only this, and a
   * node that thousands of sockets reconnect to at once (another node restarted) must not send
   * the database one query per socket.
   */
  async idOf(slug: string): Promise<string> {
    const cached = this.ids.get(slug);
    if (cached) return cached;
    const { id } = await this.getRow(slug);
    if (this.ids.size >= MAX_CACHED_SLUGS) this.ids.delete(this.ids.keys().next().value!);
    this.ids.set(slug, id);
    return id;
  }

  async getRow(slug: string): Promise<ArticleRow> {
    const row = await this.articles.findBySlug(slug);
    if (!row) throw new AppError('article/not_found', { slug });
    return row;
  }

  async getRowById(id: string): Promise<ArticleRow> {
    const row = await this.articles.findById(id);
    if (!row) throw new AppError('article/not_found');
    return row;
  }

  async get(slug: string): Promise<Article> {
    return toArticle(await this.getRow(slug));
  }
}
