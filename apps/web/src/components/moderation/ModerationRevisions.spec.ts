import type { CommentRevisions } from '@parley/shared';
import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/http.js';
import { moderationApi } from '../../api/moderation.js';
import ModerationRevisions from './ModerationRevisions.vue';

vi.mock('../../api/moderation.js', async (original) => ({
  ...(await original<object>()),
  moderationApi: { revisions: vi.fn() },
}));

const api = vi.mocked(moderationApi);
const COMMENT_ID = '00000000-0000-4000-8000-00000000000c';

function history(overrides: Partial<CommentRevisions> = {}): CommentRevisions {
  return {
    commentId: COMMENT_ID,
    current: { body: 'You are all wrong here', editedAt: '2030-01-01T12:05:00.000Z' },
    revisions: [
      { id: 'r1', body: 'You are all scum here', editedAt: '2030-01-01T12:05:00.000Z', editedBy: 'troll' },
    ],
    ...overrides,
  };
}

function setup(revisionCount = 1) {
  return mount(ModerationRevisions, { props: { commentId: COMMENT_ID, revisionCount } });
}

describe('ModerationRevisions', () => {
  beforeEach(() => vi.resetAllMocks());

  it('shows each edit as a word diff: removed words struck, added words marked, by whom', async () => {
    api.revisions.mockResolvedValue(history());

    const sut = setup();
    await flushPromises();

    expect(api.revisions).toHaveBeenCalledWith(COMMENT_ID);
    expect(sut.find('del').text()).toBe('scum');
    expect(sut.find('ins').text()).toBe('wrong');
    expect(sut.find('[data-testid="revision-diff"]').text()).toBe('You are all scumwrong here');
    expect(sut.text()).toContain('Edit 1');
    // A space between the time and who edited (whitespace between tags collapses away).
    expect(sut.find('.step-head').text()).toMatch(/\S by @troll$/);
  });

  it('lists the newest edit first', async () => {
    api.revisions.mockResolvedValue(
      history({
        current: { body: 'three', editedAt: '2030-01-01T12:02:00.000Z' },
        revisions: [
          { id: 'r1', body: 'one', editedAt: '2030-01-01T12:01:00.000Z', editedBy: 'ann' },
          { id: 'r2', body: 'two', editedAt: '2030-01-01T12:02:00.000Z', editedBy: 'ann' },
        ],
      }),
    );

    const sut = setup(2);
    await flushPromises();

    expect(sut.findAll('.step-head').map((head) => head.text().split(' ·')[0])).toEqual(['Edit 2', 'Edit 1']);
    expect(sut.findAll('del').map((del) => del.text())).toEqual(['two', 'one']);
  });

  it('renders markup a person typed as text, never as elements', async () => {
    const typed = '<img src=x onerror="alert(1)"> <b>bold</b>';
    api.revisions.mockResolvedValue(
      history({
        current: { body: 'Harmless now', editedAt: null },
        revisions: [{ id: 'r1', body: typed, editedAt: '2030-01-01T12:05:00.000Z', editedBy: '<i>x</i>' }],
      }),
    );

    const sut = setup();
    await flushPromises();

    expect(sut.find('img').exists()).toBe(false);
    expect(sut.find('b').exists()).toBe(false);
    expect(sut.find('i').exists()).toBe(false);
    const removed = sut.findAll('del').map((del) => del.text());
    expect(removed.join(' ')).toContain('<img');
    expect(removed.join(' ')).toContain('onerror="alert(1)">');
    expect(removed.join(' ')).toContain('<b>bold</b>');
    expect(sut.text()).toContain('by @<i>x</i>');
  });

  it('reads the history again when a new edit raises the count', async () => {
    api.revisions.mockResolvedValue(history());
    const sut = setup(1);
    await flushPromises();
    api.revisions.mockResolvedValue(
      history({
        current: { body: 'Fine words', editedAt: '2030-01-01T12:06:00.000Z' },
        revisions: [
          ...history().revisions,
          {
            id: 'r2',
            body: 'You are all wrong here',
            editedAt: '2030-01-01T12:06:00.000Z',
            editedBy: 'troll',
          },
        ],
      }),
    );

    await sut.setProps({ revisionCount: 2 });
    await flushPromises();

    expect(api.revisions).toHaveBeenCalledTimes(2);
    expect(sut.findAll('.step')).toHaveLength(2);
  });

  it('says what went wrong and offers to try again', async () => {
    api.revisions.mockRejectedValueOnce(new ApiError('auth/forbidden', 'Moderators only.', 403));
    api.revisions.mockResolvedValueOnce(history());

    const sut = setup();
    await flushPromises();
    expect(sut.get('[role="alert"]').text()).toContain('Moderators only.');

    await sut.get('[role="alert"] button').trigger('click');
    await flushPromises();
    expect(sut.find('[role="alert"]').exists()).toBe(false);
    expect(sut.find('del').text()).toBe('scum');
  });
});
