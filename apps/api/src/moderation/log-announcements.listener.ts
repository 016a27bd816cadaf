import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AfterCommitTasks } from '../database/after-commit.js';
import { LOG_RECORDED, type LogRecorded } from '../moderation-log/log-recorded.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { ModerationLogService } from './moderation-log.service.js';

/**
 * Tells the moderation room of each committed log entry, as the log lists it: an open log shows it
 * on top without a refresh. Each node with moderators connected reads the entry for its own
 * (RealtimeService.askModerators); only staff are in that room.
 */
@Injectable()
export class LogAnnouncementsListener implements OnModuleInit {
  constructor(
    private readonly log: ModerationLogService,
    private readonly realtime: RealtimeService,
    private readonly afterCommit: AfterCommitTasks,
  ) {}

  onModuleInit(): void {
    this.realtime.onModeratorTask('log', async ({ id }) => {
      const work = this.log.entry(id).then((entry) => entry && this.realtime.logAddedHere(entry));
      // Shutdown waits for it, as for any post-commit work.
      this.afterCommit.track(work);
      await work;
    });
  }

  @OnEvent(LOG_RECORDED)
  onLogRecorded({ id }: LogRecorded): void {
    // Nobody connected to moderate: nothing to read (a moderator who opens the log fetches it).
    this.realtime.askModerators({ kind: 'log', id });
  }
}
