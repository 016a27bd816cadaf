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
  };
}

@Injectable()
export class ArticlesService {
  constructor(private readonly articles: ArticlesRepository) {}

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
