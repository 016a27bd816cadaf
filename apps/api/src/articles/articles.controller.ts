import { Controller, Get, Param } from '@nestjs/common';
import { articleParamsSchema, type Article } from '@parley/shared';
import { ZodPipe } from '../common/zod.js';
import { ArticlesService } from './articles.service.js';

@Controller('api/articles')
export class ArticlesController {
  constructor(private readonly articles: ArticlesService) {}

  @Get(':slug')
  get(
    @Param(new ZodPipe(articleParamsSchema, 'article address')) params: { slug: string },
  ): Promise<Article> {
    return this.articles.get(params.slug);
  }
}
