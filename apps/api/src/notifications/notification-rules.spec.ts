import { describe, expect, it } from 'vitest';
import { becameVisible, channelFor, decisionOf, type NotifiedChange } from './notification-rules.js';
import { DEFAULT_PREFERENCES } from './notifications.repository.js';

const AUTHOR = 'author-id';
const MODERATOR = 'moderator-id';

/** A moderator's decision, or (moderatorId null) the author's own post. */
function change(
  before: NotifiedChange['before'],
  after: Partial<NotifiedChange['after']>,
  moderatorId: string | null = MODERATOR,
): NotifiedChange {
  return {
    cause: moderatorId ? 'decided' : 'posted',
    before,
    after: { id: 'c', status: 'published', featured: false, parentId: 'p', authorId: AUTHOR, ...after },
    actor: moderatorId ? { id: moderatorId } : null,
  };
}

describe('notification rules', () => {
  it('counts a reply as new when readers first can see it: posted visible, or a held one approved', () => {
    expect(becameVisible(change(null, { status: 'published' }, null))).toBe(true);
    expect(becameVisible(change(null, { status: 'pending' }, null))).toBe(false);
    expect(becameVisible(change(null, { status: 'rejected' }, null))).toBe(false);
    expect(becameVisible(change({ status: 'pending', featured: false }, { status: 'approved' }))).toBe(true);
    expect(becameVisible(change({ status: 'pending', featured: false }, { status: 'rejected' }))).toBe(false);
    // Approving a comment readers already saw (after reports) is nothing new.
    expect(becameVisible(change({ status: 'published', featured: false }, { status: 'approved' }))).toBe(
      false,
    );
  });

  it("tells the author of a moderator's approval, rejection or featuring, and nothing else", () => {
    expect(decisionOf(change({ status: 'pending', featured: false }, { status: 'approved' }))).toBe(
      'approved',
    );
    expect(decisionOf(change({ status: 'published', featured: false }, { status: 'rejected' }))).toBe(
      'rejected',
    );
    expect(
      decisionOf(change({ status: 'pending', featured: false }, { status: 'approved', featured: true })),
    ).toBe('featured');
    expect(decisionOf(change({ status: 'published', featured: false }, { status: 'approved' }))).toBeNull();
    expect(
      decisionOf(change({ status: 'approved', featured: true }, { status: 'approved', featured: false })),
    ).toBeNull();
    expect(decisionOf(change(null, { status: 'published' }, null)), 'a post is no decision').toBeNull();
    expect(
      decisionOf(change({ status: 'pending', featured: false }, { status: 'approved' }, AUTHOR)),
      "a moderator's decision on their own comment",
    ).toBeNull();
  });

  it('sends email only to a confirmed address on a server that sends mail, else in the app', () => {
    expect(channelFor('reply', DEFAULT_PREFERENCES, true)).toBe('email');
    expect(channelFor('reply', DEFAULT_PREFERENCES, false)).toBe('in_app');
    expect(channelFor('staff_reply', { ...DEFAULT_PREFERENCES, staffReply: 'off' }, true)).toBe('off');
    expect(channelFor('decision', { ...DEFAULT_PREFERENCES, decision: 'in_app' }, true)).toBe('in_app');
  });
});
