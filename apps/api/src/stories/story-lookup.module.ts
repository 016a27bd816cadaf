import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { StoriesRepository } from './stories.repository.js';
import { StoryLookupService } from './story-lookup.service.js';
import { StoryRoomsGateway } from './story-rooms.gateway.js';

/**
 * Stories as the other features see them: found by slug or id, their rooms, and the one
 * repository. Apart from StoriesModule (routes, resolution, admin), which uses comments, so that
 * comments can use this.
 */
@Module({
  imports: [RealtimeModule],
  providers: [StoryLookupService, StoriesRepository, StoryRoomsGateway],
  exports: [StoryLookupService, StoriesRepository],
})
export class StoryLookupModule {}
