import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { LOG_RECORDED, type LogRecorded } from '../moderation-log/log-recorded.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { ModerationLogService } from './moderation-log.service.js';

/**
 * Tells the moderation room (on every node, through the adapter) of each committed log entry, as
 * the log lists it: an open log shows it on top without a refresh. Only staff are in that room.
 */
@Injectable()
export class LogAnnouncementsListener {
  constructor(
    private readonly log: ModerationLogService,
    private readonly realtime: RealtimeService,
  ) {}

  @OnEvent(LOG_RECORDED)
  async onLogRecorded({ id }: LogRecorded): Promise<void> {
    // Nobody in the room: nothing to read the entry for (a moderator who opens the log fetches it).
    if (!this.realtime.moderatorsMayListen()) return;
    const entry = await this.log.entry(id);
    if (entry) this.realtime.logAdded(entry);
  }
}
