import { Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage } from '@nestjs/websockets';
import { storyJoinSchema, type Ack } from '@parley/shared';
import { parseOrThrow } from '../common/zod.js';
import { PresenceService } from '../realtime/presence.service.js';
import { rooms, type ParleySocket } from '../realtime/realtime.types.js';
import { acknowledge, SocketHandlers } from '../realtime/socket-handlers.js';
import { StoryLookupService } from './story-lookup.service.js';

/** Readers join and leave a story's room, where its live events and reader count go. */
@SocketHandlers()
export class StoryRoomsGateway {
  private readonly logger = new Logger('Realtime');

  constructor(
    private readonly stories: StoryLookupService,
    private readonly presence: PresenceService,
  ) {}

  @SubscribeMessage('story:join')
  join(
    @ConnectedSocket() socket: ParleySocket,
    @MessageBody() payload: unknown,
  ): Promise<Ack<{ readers: number }>> {
    return acknowledge(this.logger, async () => {
      const { slug } = parseOrThrow(storyJoinSchema, payload, 'story:join');
      const storyId = await this.stories.idOf(slug);
      await socket.join(rooms.story(storyId));
      this.presence.changed(storyId);
      return { readers: await this.presence.count(storyId) };
    });
  }

  @SubscribeMessage('story:leave')
  leave(@ConnectedSocket() socket: ParleySocket, @MessageBody() payload: unknown): Promise<Ack> {
    return acknowledge(this.logger, async () => {
      const { slug } = parseOrThrow(storyJoinSchema, payload, 'story:leave');
      const storyId = await this.stories.idOf(slug);
      await socket.leave(rooms.story(storyId));
      this.presence.changed(storyId);
      return undefined;
    });
  }

  /** The name from before stories (STORY_EVENT_ALIASES in shared): the same as `story:join`. */
  @SubscribeMessage('article:join')
  joinByOldName(
    @ConnectedSocket() socket: ParleySocket,
    @MessageBody() payload: unknown,
  ): Promise<Ack<{ readers: number }>> {
    return this.join(socket, payload);
  }

  /** The name from before stories: the same as `story:leave`. */
  @SubscribeMessage('article:leave')
  leaveByOldName(@ConnectedSocket() socket: ParleySocket, @MessageBody() payload: unknown): Promise<Ack> {
    return this.leave(socket, payload);
  }
}
