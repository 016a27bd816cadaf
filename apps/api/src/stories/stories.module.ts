import { Module } from '@nestjs/common';
import { CommentsModule } from '../comments/comments.module.js';
import { ModerationLogModule } from '../moderation-log/moderation-log.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { StoriesAdminController } from './stories-admin.controller.js';
import { StoriesController } from './stories.controller.js';
import { StoriesAdminService } from './stories-admin.service.js';
import { StoryCreator } from './story-creator.service.js';
import { StoryResolutionService } from './story-resolution.service.js';
import { StoryLookupModule } from './story-lookup.module.js';

@Module({
  imports: [ModerationLogModule, CommentsModule, WebhooksModule, StoryLookupModule],
  controllers: [StoriesController, StoriesAdminController],
  providers: [StoryResolutionService, StoriesAdminService, StoryCreator],
})
export class StoriesModule {}
