import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AfterCommitTasks } from '../database/after-commit.js';
import type { RealtimeService } from '../realtime/realtime.service.js';
import type { CommentFeedbackRepository } from './comment-feedback.repository.js';
import { REACTION_BROADCAST_INTERVAL_MS, ReactionBroadcasts } from './reaction-broadcasts.js';

describe(ReactionBroadcasts.name, () => {
  let count: number;
  let sent: number[];
  let afterCommit: AfterCommitTasks;
  let sut: ReactionBroadcasts;

  beforeEach(() => {
    vi.useFakeTimers();
    count = 0;
    sent = [];
    afterCommit = new AfterCommitTasks();
    const comments = { reactionCount: vi.fn(() => Promise.resolve(count)) };
    const realtime = {
      reactionsUpdated: vi.fn((_storyId: string, payload: { counts: { like: number } }) => {
        sent.push(payload.counts.like);
      }),
    };
    sut = new ReactionBroadcasts(
      comments as unknown as CommentFeedbackRepository,
      realtime as unknown as RealtimeService,
      afterCommit,
    );
  });
  afterEach(() => {
    sut.onModuleDestroy();
    vi.useRealTimers();
  });

  /** A committed like: the count the database now holds, then the notice. */
  function like(): void {
    count++;
    sut.changed('story-id', 'comment-id');
  }

  it('sends the first change of a quiet comment at once', async () => {
    like();
    await afterCommit.drain();

    expect(sent).toEqual([1]);
  });

  it('gathers the changes of the following second into one broadcast with the count when it goes out', async () => {
    like();
    await afterCommit.drain();
    like();
    like();
    like();
    await vi.advanceTimersByTimeAsync(REACTION_BROADCAST_INTERVAL_MS - 1);

    expect(sent).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    await afterCommit.drain();
    expect(sent).toEqual([1, 4]);
  });

  it('sends nothing more when nothing changed, and again at once after a quiet second', async () => {
    like();
    await afterCommit.drain();
    await vi.advanceTimersByTimeAsync(5 * REACTION_BROADCAST_INTERVAL_MS);
    expect(sent).toEqual([1]);

    like();
    await afterCommit.drain();
    expect(sent).toEqual([1, 2]);
  });
});
