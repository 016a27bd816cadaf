import { Module } from '@nestjs/common';
import { StoryLookupModule } from '../stories/story-lookup.module.js';
import { CommentSearchController } from './comment-search.controller.js';
import { CommentSearchRepository } from './comment-search.repository.js';
import { CommentSearchService } from './comment-search.service.js';

/** Moderators' search over comment text, author names and story titles. */
@Module({
  imports: [StoryLookupModule],
  controllers: [CommentSearchController],
  providers: [CommentSearchRepository, CommentSearchService],
})
export class SearchModule {}
