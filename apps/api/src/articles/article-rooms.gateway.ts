import { Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage } from '@nestjs/websockets';
import { articleJoinSchema, type Ack } from '@parley/shared';
import { parseOrThrow } from '../common/zod.js';
import { PresenceService } from '../realtime/presence.service.js';
import { rooms, type ParleySocket } from '../realtime/realtime.types.js';
import { acknowledge, SocketHandlers } from '../realtime/socket-handlers.js';
import { ArticlesService } from './articles.service.js';

/** Readers join and leave an article's room, where its live events and reader count go. */
@SocketHandlers()
export class ArticleRoomsGateway {
  private readonly logger = new Logger('Realtime');

  constructor(
    private readonly articles: ArticlesService,
    private readonly presence: PresenceService,
  ) {}

  @SubscribeMessage('article:join')
  join(
    @ConnectedSocket() socket: ParleySocket,
    @MessageBody() payload: unknown,
  ): Promise<Ack<{ readers: number }>> {
    return acknowledge(this.logger, async () => {
      const { slug } = parseOrThrow(articleJoinSchema, payload, 'article:join');
      const articleId = await this.articles.idOf(slug);
      await socket.join(rooms.article(articleId));
      this.presence.changed(articleId);
      return { readers: await this.presence.count(articleId) };
    });
  }

  @SubscribeMessage('article:leave')
  leave(@ConnectedSocket() socket: ParleySocket, @MessageBody() payload: unknown): Promise<Ack> {
    return acknowledge(this.logger, async () => {
      const { slug } = parseOrThrow(articleJoinSchema, payload, 'article:leave');
      const articleId = await this.articles.idOf(slug);
      await socket.leave(rooms.article(articleId));
      this.presence.changed(articleId);
      return undefined;
    });
  }
}
