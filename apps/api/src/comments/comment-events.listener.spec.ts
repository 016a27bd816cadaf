import type { CommentStatus } from '@parley/db';
import { describe, expect, it, vi } from 'vitest';
import { toComment } from './comment.mapper.js';
import type { CommentChange } from './comment-change.js';
import { CommentEventsListener } from './comment-events.listener.js';
import type { CommentRecord } from './comment-records.js';
import { commentRecord, FIXTURE_TIME } from '../testing/fixtures.js';

/** A comment that readers have seen (the fixture's, with a first-listed time). */
function row(overrides: Partial<CommentRecord> = {}): CommentRecord {
  return commentRecord({ firstListedAt: FIXTURE_TIME, ...overrides });
}

function state(status: CommentStatus, replyCount = 0, reportCount = 0): CommentRecord {
  return row({ status, replyCount, reportCount });
}

function setup(parent?: CommentRecord) {
  const realtime = {
    commentCreated: vi.fn(),
    commentUpdated: vi.fn(),
    commentRemoved: vi.fn(),
    commentDecided: vi.fn(),
  };
  const comments = { findById: vi.fn(async () => parent) };
  const sut = new CommentEventsListener(realtime as never, comments as never);
  /** Which readers' event went out: the decision the table below is about. */
  const readers = () =>
    [
      realtime.commentCreated.mock.calls.length > 0 && 'created',
      realtime.commentUpdated.mock.calls.length > 0 && 'updated',
      realtime.commentRemoved.mock.calls.length > 0 && 'removed',
    ].filter(Boolean);
  return { sut, realtime, comments, readers };
}

describe(CommentEventsListener.name, () => {
  it.each<{
    case: string;
    before: CommentRecord | null;
    after: Partial<CommentRecord>;
    cause: CommentChange['cause'];
    readers: string[];
  }>([
    {
      case: 'posted and published',
      before: null,
      after: { status: 'published' },
      cause: 'posted',
      readers: ['created'],
    },
    { case: 'posted and held', before: null, after: { status: 'pending' }, cause: 'posted', readers: [] },
    {
      case: 'posted and rejected',
      before: null,
      after: { status: 'rejected' },
      cause: 'posted',
      readers: [],
    },
    {
      case: 'held, then approved',
      before: state('pending'),
      after: { status: 'approved' },
      cause: 'decided',
      readers: ['created'],
    },
    {
      case: 'visible, then rejected',
      before: state('published'),
      after: { status: 'rejected' },
      cause: 'decided',
      readers: ['removed'],
    },
    {
      case: 'held, then rejected',
      before: state('pending'),
      after: { status: 'rejected' },
      cause: 'decided',
      readers: [],
    },
    {
      case: 'featured',
      before: state('approved'),
      after: { status: 'approved', featured: true },
      cause: 'decided',
      readers: ['updated'],
    },
    {
      case: 'edited',
      before: state('published'),
      after: { status: 'published' },
      cause: 'edited',
      readers: ['updated'],
    },
    {
      case: 'edited into a hold',
      before: state('published'),
      after: { status: 'pending' },
      cause: 'edited',
      readers: ['removed'],
    },
    {
      case: 'edited while held',
      before: state('pending'),
      after: { status: 'pending' },
      cause: 'edited',
      readers: [],
    },
    {
      case: 'deleted with replies',
      before: state('published', 2),
      after: { status: 'deleted', replyCount: 2 },
      cause: 'deleted',
      readers: ['updated'],
    },
    {
      case: 'deleted without replies',
      before: state('published'),
      after: { status: 'deleted' },
      cause: 'deleted',
      readers: ['removed'],
    },
    {
      case: 'deleted while held',
      before: state('pending'),
      after: { status: 'deleted' },
      cause: 'deleted',
      readers: [],
    },
    {
      case: 'reported',
      before: state('published'),
      after: { status: 'published', reportCount: 1 },
      cause: 'reported',
      readers: [],
    },
    {
      case: 'held for reports',
      before: state('published', 0, 2),
      after: { status: 'pending', reportCount: 3 },
      cause: 'reported',
      readers: ['removed'],
    },
    {
      case: 'rejected by a ban',
      before: state('approved'),
      after: { status: 'rejected' },
      cause: 'banned',
      readers: ['removed'],
    },
  ])('$case: $readers', async ({ before, after, cause, readers: expected }) => {
    const { sut, readers } = setup();

    await sut.onCommentChanged({ cause, before, after: row(after) });

    expect(readers()).toEqual(expected);
  });

  it('spares the author’s own socket when a posted comment appears', async () => {
    const { sut, realtime } = setup();
    const after = row();

    await sut.onCommentChanged({ cause: 'posted', before: null, after, socketId: 'socket-1' });

    expect(realtime.commentCreated).toHaveBeenCalledWith(toComment(after), 'socket-1');
  });

  it('sends readers the comment as they see it, and removals by story and id', async () => {
    const { sut, realtime } = setup();
    const edited = row({ body: 'new text' });

    await sut.onCommentChanged({ cause: 'edited', before: state('published'), after: edited });
    await sut.onCommentChanged({
      cause: 'decided',
      before: state('published'),
      after: row({ status: 'rejected' }),
    });

    expect(realtime.commentUpdated).toHaveBeenCalledWith(toComment(edited));
    expect(realtime.commentRemoved).toHaveBeenCalledWith('story-id', 'comment-id');
  });

  it.each<{ before: CommentStatus; after: CommentStatus; cause: CommentChange['cause']; told: boolean }>([
    { before: 'pending', after: 'approved', cause: 'decided', told: true },
    { before: 'published', after: 'rejected', cause: 'decided', told: true },
    { before: 'approved', after: 'approved', cause: 'decided', told: false },
    { before: 'published', after: 'pending', cause: 'edited', told: false },
    { before: 'published', after: 'pending', cause: 'reported', told: false },
    { before: 'published', after: 'rejected', cause: 'banned', told: false },
  ])(
    'tells the author ($told) of a $cause change from $before to $after',
    async ({ before, after, cause, told }) => {
      const { sut, realtime } = setup();
      const record = row({ status: after });

      await sut.onCommentChanged({ cause, before: state(before), after: record });

      if (told) expect(realtime.commentDecided).toHaveBeenCalledWith('author-id', toComment(record));
      else expect(realtime.commentDecided).not.toHaveBeenCalled();
    },
  );

  describe('a visible reply leaving the thread', () => {
    const reply = { parentId: 'parent-id', depth: 1 };

    it('takes its deleted placeholder parent along when it was the last reply', async () => {
      const { sut, realtime, comments } = setup(row({ id: 'parent-id', status: 'deleted', replyCount: 0 }));

      await sut.onCommentChanged({
        cause: 'deleted',
        before: state('published'),
        after: row({ ...reply, status: 'deleted' }),
      });

      expect(comments.findById).toHaveBeenCalledWith('parent-id');
      expect(realtime.commentRemoved.mock.calls).toEqual([
        ['story-id', 'comment-id'],
        ['story-id', 'parent-id'],
      ]);
    });

    it('leaves a placeholder that still has replies, and a parent that is not deleted', async () => {
      for (const parent of [
        row({ id: 'parent-id', status: 'deleted', replyCount: 1 }),
        row({ id: 'parent-id', status: 'published', replyCount: 0 }),
      ]) {
        const { sut, realtime } = setup(parent);

        await sut.onCommentChanged({
          cause: 'decided',
          before: state('approved'),
          after: row({ ...reply, status: 'rejected' }),
        });

        expect(realtime.commentRemoved.mock.calls).toEqual([['story-id', 'comment-id']]);
      }
    });

    it('looks up no parent when the reply stays visible or was not visible', async () => {
      const { sut, comments } = setup();

      await sut.onCommentChanged({ cause: 'edited', before: state('published'), after: row({ ...reply }) });
      await sut.onCommentChanged({
        cause: 'decided',
        before: state('pending'),
        after: row({ ...reply, status: 'rejected' }),
      });

      expect(comments.findById).not.toHaveBeenCalled();
    });
  });
});
