import type { Notification } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { notificationHeadline, notificationHeadlineParts } from './notification-text.js';

function decision(overrides: Partial<Notification>): Notification {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    kind: 'decision',
    decision: 'rejected',
    reason: null,
    commentId: '00000000-0000-4000-8000-0000000000c1',
    excerpt: 'Hello',
    storySlug: 'a',
    storyTitle: 'The article',
    permalink: '/comments/00000000-0000-4000-8000-0000000000c1',
    actor: null,
    createdAt: '2030-01-01T12:00:00.000Z',
    readAt: null,
    ...overrides,
  };
}

describe(notificationHeadline.name, () => {
  it('gives the moderator’s reason for a rejection', () => {
    expect(notificationHeadline(decision({ reason: 'off_topic' }))).toBe(
      'A moderator did not publish your comment: off topic',
    );
  });

  it('says only that it was not published when the moderator gave no reason', () => {
    expect(notificationHeadline(decision({ reason: null }))).toBe('A moderator did not publish your comment');
  });
});

describe(notificationHeadlineParts.name, () => {
  const reply = (displayName: string) =>
    decision({
      kind: 'reply',
      decision: null,
      actor: { id: '00000000-0000-4000-8000-0000000000a1', username: 'salma', displayName, role: 'reader' },
    });

  it('splits the replier’s name from the words after it, so the name can keep its own direction', () => {
    expect(notificationHeadlineParts(reply('سلمى'))).toEqual({
      actor: 'سلمى',
      rest: ' replied to your comment',
    });
    expect(notificationHeadline(reply('سلمى'))).toBe('سلمى replied to your comment');
  });

  it('has no name to isolate in a moderator’s decision', () => {
    expect(notificationHeadlineParts(decision({ decision: 'approved' }))).toEqual({
      actor: null,
      rest: 'Your comment was approved',
    });
  });
});
