import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { Metrics } from '../metrics/metrics.js';
import { COMMENT_CHANGED, type CommentChange } from './comment-change.js';

/**
 * Counts stored posts by where they went, from the one event every post raises after commit.
 * Posts refused before anything was stored (limits, bans, closed threads) are the 4xx answers of
 * `POST /api/stories/:slug/comments` in the HTTP metrics.
 */
@Injectable()
export class CommentMetricsListener {
  constructor(private readonly metrics: Metrics) {}

  @OnEvent(COMMENT_CHANGED)
  countPost(change: CommentChange): void {
    if (change.cause === 'posted') this.metrics.commentPosts.inc({ outcome: change.after.status });
  }
}
