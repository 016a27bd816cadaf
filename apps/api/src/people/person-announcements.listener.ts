import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { RealtimeService } from '../realtime/realtime.service.js';
import { USER_STANDING_CHANGED, type UserStandingChanged } from '../users/user-standing.js';

/** Tells the moderation room that a person's standing changed, so an open drawer reads them again. */
@Injectable()
export class PersonAnnouncementsListener {
  constructor(private readonly realtime: RealtimeService) {}

  @OnEvent(USER_STANDING_CHANGED)
  onStandingChanged({ userId, action }: UserStandingChanged): void {
    this.realtime.personChanged({ userId, action });
  }
}
