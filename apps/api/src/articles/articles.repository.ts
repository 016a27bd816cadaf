import { Inject, Injectable } from '@nestjs/common';
import type { Article, ArticleUpdate, DB, Kysely } from '@parley/db';
import { KYSELY } from '../database/database.module.js';

@Injectable()
export class ArticlesRepository {
  constructor(@Inject(KYSELY) private readonly db: Kysely<DB>) {}

  findBySlug(slug: string): Promise<Article | undefined> {
    return this.db.selectFrom('articles').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  findById(id: string): Promise<Article | undefined> {
    return this.db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
  }

  update(id: string, changes: ArticleUpdate): Promise<Article | undefined> {
    return this.db
      .updateTable('articles')
      .set(changes)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }
}
