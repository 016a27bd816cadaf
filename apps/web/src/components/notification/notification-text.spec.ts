import type { Notification } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { testLocalization } from '../../testing/localization.js';
import { notificationHeadline as headlineIn } from './notification-text.js';

const { t } = await testLocalization('en');
const notificationHeadline = (notification: Notification) => headlineIn(notification, t);

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

describe(headlineIn.name, () => {
  it('gives the moderator’s reason for a rejection', () => {
    expect(notificationHeadline(decision({ reason: 'off_topic' }))).toBe(
      'A moderator did not publish your comment: off topic',
    );
  });

  it('says only that it was not published when the moderator gave no reason', () => {
    expect(notificationHeadline(decision({ reason: null }))).toBe('A moderator did not publish your comment');
  });

  it("speaks the reader's language", async () => {
    const russian = await testLocalization('ru');
    expect(headlineIn(decision({ reason: 'spam' }), russian.t)).toBe(
      'Модератор не опубликовал ваш комментарий: спам или реклама',
    );
  });
});
