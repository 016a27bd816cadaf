import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { isVisible } from '@parley/shared';
import { RealtimeService } from '../realtime/realtime.service.js';
import { toComment } from './comment.mapper.js';
import { COMMENT_CHANGED, type CommentChange } from './comment-change.js';
import { CommentReadingRepository } from './comment-reading.repository.js';
import { isListed } from './visibility.js';

/**
 * The one place that turns a committed change of a comment into readers' live events: from whether
 * it was listed before and is listed now, and the author's `comment:decided`. (The moderation room's
 * queue announcements are moderation's own listener.) Runs after commit; shutdown waits for it
 * (DomainEvents).
 */
@Injectable()
export class CommentEventsListener {
  constructor(
    private readonly realtime: RealtimeService,
    private readonly comments: CommentReadingRepository,
  ) {}

  @OnEvent(COMMENT_CHANGED)
  async onCommentChanged({
    cause,
    before,
    after,
    socketId,
  }: Pick<CommentChange, 'cause' | 'before' | 'after' | 'socketId'>): Promise<void> {
    const wasListed = before !== null && isListed(before);
    const nowListed = isListed(after);
    if (!wasListed && nowListed) this.realtime.commentCreated(toComment(after), socketId);
    else if (wasListed && !nowListed) this.realtime.commentRemoved(after.storyId, after.id);
    else if (nowListed && cause !== 'reported') this.realtime.commentUpdated(toComment(after));
    if (cause === 'decided' && before && before.status !== after.status) {
      this.realtime.commentDecided(after.authorId, toComment(after));
    }
    if (before && isVisible(before) && !isVisible(after) && after.parentId) {
      // It was the last reply of a deleted placeholder: the placeholder leaves the thread too.
      const parent = await this.comments.findById(after.parentId);
      if (parent?.status === 'deleted' && !isListed(parent)) {
        this.realtime.commentRemoved(parent.storyId, parent.id);
      }
    }
  }
}
