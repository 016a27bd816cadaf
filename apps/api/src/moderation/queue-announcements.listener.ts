import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { COMMENT_CHANGED, type CommentChange } from '../comments/comment-change.js';
import { ModerationQueuesService } from './moderation-queues.service.js';
import { queuesOf } from './queues.js';

/**
 * Tells the moderation room which queues a committed change of a comment moved it between. Here,
 * not in the comments' listener, so that comments need nothing from moderation.
 */
@Injectable()
export class QueueAnnouncementsListener {
  constructor(private readonly queues: ModerationQueuesService) {}

  @OnEvent(COMMENT_CHANGED)
  onCommentChanged({ before, after }: CommentChange): void {
    this.queues.announce(after.id, before ? queuesOf(before) : []);
  }
}
