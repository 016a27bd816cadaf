import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { User } from '@parley/db';
import {
  createStoryRequestSchema,
  idParamsSchema,
  mergeStoryRequestSchema,
  storyListQuerySchema,
  updateStoryRequestSchema,
  type CreateStoryRequest,
  type MergeStoryRequest,
  type MergeStoryResponse,
  type StoryListQuery,
  type StoryPage,
  type StoryResponse,
  type UpdateStoryRequest,
} from '@parley/shared';
import { AdminOnly, CurrentUser, StaffOnly } from '../auth/access.js';
import { ZodPipe } from '../common/zod.js';
import { StoriesService } from './stories.service.js';

const storyParams = new ZodPipe(idParamsSchema, 'story address');

/**
 * Stories in the moderation area. Staff list them (the queue's story filter) and open, close or
 * pre-moderate them, as they could articles; creating, renaming, re-addressing and merging are for admins.
 */
@Controller('api/moderation/stories')
@StaffOnly()
export class StoriesAdminController {
  constructor(private readonly stories: StoriesService) {}

  @Get()
  list(@Query(new ZodPipe(storyListQuerySchema, 'query')) query: StoryListQuery): Promise<StoryPage> {
    return this.stories.list(query);
  }

  @Post()
  @AdminOnly()
  async create(
    @Body(new ZodPipe(createStoryRequestSchema, 'story')) body: CreateStoryRequest,
    @CurrentUser() admin: User,
  ): Promise<StoryResponse> {
    return { story: await this.stories.create(body, admin) };
  }

  @Patch(':id')
  async update(
    @Param(storyParams) params: { id: string },
    @Body(new ZodPipe(updateStoryRequestSchema, 'story')) body: UpdateStoryRequest,
    @CurrentUser() actor: User,
  ): Promise<StoryResponse> {
    return { story: await this.stories.update(params.id, body, actor) };
  }

  @Post(':id/merge')
  @AdminOnly()
  @HttpCode(200)
  merge(
    @Param(storyParams) params: { id: string },
    @Body(new ZodPipe(mergeStoryRequestSchema, 'merge')) body: MergeStoryRequest,
    @CurrentUser() admin: User,
  ): Promise<MergeStoryResponse> {
    return this.stories.merge(params.id, body.into, admin);
  }
}
