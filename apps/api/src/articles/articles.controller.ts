import { Controller, Param } from '@nestjs/common';
import { type Article } from '@parley/shared';
import { Route } from '../common/route.js';
import { ArticlesService } from './articles.service.js';

@Controller()
export class ArticlesController {
  constructor(private readonly articles: ArticlesService) {}

  @Route('getArticle', { params: 'article address' })
  get(@Param() params: { slug: string }): Promise<Article> {
    return this.articles.get(params.slug);
  }
}
