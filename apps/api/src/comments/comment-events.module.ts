import { Module } from '@nestjs/common';
import { ModerationModule } from '../moderation/moderation.module.js';
import { CommentEventsListener } from './comment-events.listener.js';
import { CommentsModule } from './comments.module.js';

/** The listener of COMMENT_CHANGED, on its own: it needs comments and the moderation queues both. */
@Module({
  imports: [CommentsModule, ModerationModule],
  providers: [CommentEventsListener],
})
export class CommentEventsModule {}
