import { Logger } from '@nestjs/common';
import { ConnectedSocket, SubscribeMessage } from '@nestjs/websockets';
import type { Ack, QueueCounts } from '@parley/shared';
import { hasStaffPowers } from '../auth/access.js';
import { AppError } from '../common/app-error.js';
import { rooms, type ParleySocket } from '../realtime/realtime.types.js';
import { acknowledge, SocketHandlers } from '../realtime/socket-handlers.js';
import { UsersRepository } from '../users/users.repository.js';
import { ModerationQueuesService } from './moderation-queues.service.js';

/** Staff join the moderation room, where queue counts and new work are announced. */
@SocketHandlers()
export class ModerationRoomGateway {
  private readonly logger = new Logger('Realtime');

  constructor(
    private readonly users: UsersRepository,
    private readonly queues: ModerationQueuesService,
  ) {}

  @SubscribeMessage('moderation:join')
  join(@ConnectedSocket() socket: ParleySocket): Promise<Ack<QueueCounts>> {
    return acknowledge(this.logger, async () => {
      if (!socket.data.user) throw new AppError('auth/unauthenticated');
      // The role and status as they are now, not as they were at connection: a demoted or
      // suspended moderator is refused.
      const user = await this.users.findById(socket.data.user.id);
      if (!user || user.status === 'banned') throw new AppError('auth/unauthenticated');
      if (!hasStaffPowers(user)) throw new AppError('auth/forbidden');
      await socket.join(rooms.moderation);
      // A demotion or suspension committed between the read and the join took the user's sockets
      // out of the room before this one was in it: look again, now that it is.
      if (!hasStaffPowers(await this.users.findById(user.id))) {
        await socket.leave(rooms.moderation);
        throw new AppError('auth/forbidden');
      }
      return this.queues.counts();
    });
  }
}
