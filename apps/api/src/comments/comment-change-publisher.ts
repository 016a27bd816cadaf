import { Injectable } from '@nestjs/common';
import { DomainEvents } from '../events/domain-events.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { COMMENT_CHANGED } from './comment-change.js';
import type { RecordedChange } from './comment-change-recorder.js';
import { ThreadCache } from './thread-cache.js';

/**
 * The one step after a comment change commits: bumps the cached thread pages it touched (awaited,
 * so the writer's next read on any node shows it), raises `comment.changed` (readers' events and
 * queue announcements follow from it) and announces the notifications the change wrote.
 */
@Injectable()
export class CommentChangePublisher {
  constructor(
    private readonly threads: ThreadCache,
    private readonly events: DomainEvents,
    private readonly notifications: NotificationsService,
  ) {}

  async publish(recorded: RecordedChange | readonly RecordedChange[]): Promise<void> {
    const list: readonly RecordedChange[] = Array.isArray(recorded) ? recorded : [recorded as RecordedChange];
    // A report changes nothing readers see unless it holds the comment: its page keeps its version.
    const touched = new Set(
      list
        .filter(({ change }) => change.cause !== 'reported' || change.before.status !== change.after.status)
        .map(({ change }) => change.after.storyId),
    );
    if (touched.size > 0) await this.threads.changed(touched);
    for (const { change } of list) this.events.raise(COMMENT_CHANGED, change);
    this.notifications.announce(list.flatMap(({ notified }) => notified));
  }
}
