import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SUBSCRIPTIONS_FRESH_FOR_MS, WebhookSubscriptions } from './webhook-subscriptions.js';
import type { WebhooksRepository } from './webhooks.repository.js';

describe(WebhookSubscriptions.name, () => {
  let active: { id: string; events: string[] }[];
  let webhooks: WebhooksRepository;
  let reads: ReturnType<typeof vi.fn>;
  let sut: WebhookSubscriptions;

  beforeEach(() => {
    vi.useFakeTimers();
    active = [
      { id: 'a', events: ['comment.created', 'user.banned'] },
      { id: 'b', events: ['comment.held'] },
    ];
    reads = vi.fn(() => Promise.resolve(active.map((webhook) => ({ ...webhook }))));
    webhooks = { active: reads } as unknown as WebhooksRepository;
    sut = new WebhookSubscriptions();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers the active webhooks that receive an event, reading the list once while it is fresh', async () => {
    expect(await sut.receivers('comment.created', webhooks)).toEqual(['a']);
    expect(await sut.receivers('comment.held', webhooks)).toEqual(['b']);
    expect(await sut.receivers('story.created', webhooks)).toEqual([]);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it("sees another node's change once the list is older than the freshness window", async () => {
    await sut.receivers('comment.created', webhooks);
    active.push({ id: 'c', events: ['comment.created'] });

    vi.advanceTimersByTime(SUBSCRIPTIONS_FRESH_FOR_MS - 1);
    expect(await sut.receivers('comment.created', webhooks)).toEqual(['a']);
    vi.advanceTimersByTime(1);
    expect(await sut.receivers('comment.created', webhooks)).toEqual(['a', 'c']);
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it("sees this node's own change at once after forget()", async () => {
    await sut.receivers('comment.created', webhooks);
    active = [];

    sut.forget();

    expect(await sut.receivers('comment.created', webhooks)).toEqual([]);
  });
});
