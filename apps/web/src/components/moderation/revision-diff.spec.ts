import type { CommentRevisions } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { editSteps, wordDiff } from './revision-diff.js';

describe(wordDiff.name, () => {
  it('marks the words an edit removed and added, keeping the rest and its spacing', () => {
    const sut = wordDiff('You are all scum here', 'You are all wrong here');

    expect(sut).toEqual([
      { kind: 'same', text: 'You are all ' },
      { kind: 'removed', text: 'scum' },
      { kind: 'added', text: 'wrong' },
      { kind: 'same', text: ' here' },
    ]);
  });
});

describe(editSteps.name, () => {
  it('diffs each revision against the text that replaced it, newest edit first', () => {
    const history: CommentRevisions = {
      commentId: '00000000-0000-4000-8000-000000000001',
      current: { body: 'three', editedAt: '2030-01-01T00:02:00.000Z' },
      revisions: [
        { id: 'a', body: 'one', editedAt: '2030-01-01T00:01:00.000Z', editedBy: 'ann' },
        { id: 'b', body: 'two', editedAt: '2030-01-01T00:02:00.000Z', editedBy: 'ann' },
      ],
    };

    const sut = editSteps(history);

    expect(sut.map((step) => [step.number, step.editedAt, step.parts])).toEqual([
      [
        2,
        '2030-01-01T00:02:00.000Z',
        [
          { kind: 'removed', text: 'two' },
          { kind: 'added', text: 'three' },
        ],
      ],
      [
        1,
        '2030-01-01T00:01:00.000Z',
        [
          { kind: 'removed', text: 'one' },
          { kind: 'added', text: 'two' },
        ],
      ],
    ]);
  });
});
