import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { COMMENT_CHANGED, type CommentChanged } from '../comments/comment-events.js';
import { AfterCommitTasks } from '../database/after-commit.js';
import { Metrics } from '../metrics/metrics.js';
import { STORY_CREATED, type StoryCreated } from '../stories/story-events.js';

/** Every domain event and its payload; listeners subscribe with `@OnEvent(name)`. */
export interface DomainEventMap {
  [COMMENT_CHANGED]: CommentChanged;
  [STORY_CREATED]: StoryCreated;
}

/**
 * Raises domain events. Call it only after the transaction that made the change committed. The
 * listeners start at once, in this tick, and their work is tracked as post-commit work, so it
 * never fails the request and shutdown drains it before the pool closes.
 */
@Injectable()
export class DomainEvents {
  constructor(
    private readonly emitter: EventEmitter2,
    private readonly afterCommit: AfterCommitTasks,
    private readonly metrics: Metrics,
  ) {}

  raise<K extends keyof DomainEventMap>(name: K, payload: DomainEventMap[K]): void {
    this.metrics.domainEvents.inc({ event: name });
    this.afterCommit.track(this.emitter.emitAsync(name, payload));
  }
}
