import { Global, Module } from '@nestjs/common';
import { PresenceService } from './presence.service.js';
import { RealtimeService } from './realtime.service.js';

/** The emit path, available everywhere; the gateway itself lives in AppModule (it needs every feature). */
@Global()
@Module({ providers: [RealtimeService, PresenceService], exports: [RealtimeService, PresenceService] })
export class RealtimeModule {}
