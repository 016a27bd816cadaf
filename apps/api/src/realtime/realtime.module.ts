import { Module } from '@nestjs/common';
import { PresenceService } from './presence.service.js';
import { RealtimeGateway } from './realtime.gateway.js';
import { RealtimeService } from './realtime.service.js';
import { SocketIdentities } from './socket-identities.js';

/**
 * The socket server (handshake and limits) and the one emit path. Features import it to emit, and
 * bring their own handlers; auth registers how a handshake is resolved (SocketIdentities).
 */
@Module({
  providers: [RealtimeService, PresenceService, SocketIdentities, RealtimeGateway],
  exports: [RealtimeService, PresenceService, SocketIdentities],
})
export class RealtimeModule {}
