import { Body, Controller, Param, Query, Req, Res } from '@nestjs/common';
import {
  type ResolveStoryRequest,
  type StoryCountsQuery,
  type StoryCountsResponse,
  type StoryResponse,
  type StoryWithArticle,
} from '@parley/shared';
import type { Request, Response } from 'express';
import { Route } from '../common/route.js';
import { StoryResolutionService } from './story-resolution.service.js';
import { StoryLookupService } from './story-lookup.service.js';

/** Public story routes, used by the embed (`<parley-comments>`) and count.js. */
@Controller()
export class StoriesController {
  constructor(
    private readonly stories: StoryResolutionService,
    private readonly lookup: StoryLookupService,
  ) {}

  /** 200 with a known story, 201 with one just made. */
  @Route('resolveStory', { body: 'story' })
  async resolve(
    @Body() body: ResolveStoryRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StoryResponse> {
    const { story, created } = await this.stories.resolve(body, { ip: request.ip ?? 'unknown' });
    response.status(created ? 201 : 200);
    return { story };
  }

  @Route('getDefaultStory')
  async defaultStory(): Promise<StoryResponse> {
    return { story: await this.stories.defaultStory() };
  }

  @Route('getStoryCounts')
  async counts(
    @Query() query: StoryCountsQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StoryCountsResponse> {
    // An index page of stories asks on every view; a count a few seconds old is fine there.
    response.setHeader('Cache-Control', 'public, max-age=15');
    return { counts: await this.stories.counts(query) };
  }

  /** After the fixed paths above: Express matches in order, and their names are reserved slugs. */
  @Route('getStory', { params: 'story address' })
  get(@Param() params: { slug: string }): Promise<StoryWithArticle> {
    return this.lookup.withArticle(params.slug);
  }
}
