import { Body, Controller, Param, Query } from '@nestjs/common';
import type { User } from '@parley/db';
import {
  type CreateStoryRequest,
  type MergeStoryRequest,
  type MergeStoryResponse,
  type StoryListQuery,
  type StoryPage,
  type StoryResponse,
  type UpdateStoryRequest,
} from '@parley/shared';
import { CurrentUser } from '../auth/access.js';
import { Route } from '../common/route.js';
import { StoriesAdminService } from './stories-admin.service.js';

/**
 * Stories in the moderation area. Staff list them (the queue's story filter) and open, close or
 * pre-moderate them, as they could stories; creating, renaming, re-addressing and merging are for admins.
 */
@Controller()
export class StoriesAdminController {
  constructor(private readonly stories: StoriesAdminService) {}

  @Route('listStories')
  list(@Query() query: StoryListQuery): Promise<StoryPage> {
    return this.stories.list(query);
  }

  @Route('createStory', { body: 'story' })
  async create(@Body() body: CreateStoryRequest, @CurrentUser() admin: User): Promise<StoryResponse> {
    return { story: await this.stories.create(body, admin) };
  }

  @Route('updateStory', { params: 'story address', body: 'story' })
  async update(
    @Param() params: { id: string },
    @Body() body: UpdateStoryRequest,
    @CurrentUser() actor: User,
  ): Promise<StoryResponse> {
    return { story: await this.stories.update(params.id, body, actor) };
  }

  @Route('mergeStory', { params: 'story address', body: 'merge' })
  merge(
    @Param() params: { id: string },
    @Body() body: MergeStoryRequest,
    @CurrentUser() admin: User,
  ): Promise<MergeStoryResponse> {
    return this.stories.merge(params.id, body.into, admin);
  }
}
