import { Controller, Query } from '@nestjs/common';
import type { CommentSearchPage, CommentSearchQuery } from '@parley/shared';
import { Route } from '../common/route.js';
import { CommentSearchService } from './comment-search.service.js';

/** Moderators' search over comments (staff only). */
@Controller()
export class CommentSearchController {
  constructor(private readonly search: CommentSearchService) {}

  @Route('searchComments')
  find(@Query() query: CommentSearchQuery): Promise<CommentSearchPage> {
    return this.search.find(query);
  }
}
