import { describe, expect, it } from 'vitest';
import { describeDetails } from './log-details.js';

describe(describeDetails.name, () => {
  it('turns { field: { from, to } } into old → new changes and the rest into facts', () => {
    expect(
      describeDetails('story_update', {
        title: { from: 'Old', to: 'New' },
        premod: { from: 'off', to: 'all' },
      }),
    ).toEqual({
      changes: [
        { field: 'title', from: 'Old', to: 'New' },
        { field: 'premod', from: 'off', to: 'all' },
      ],
      facts: {},
    });
    expect(describeDetails('suspend', { hours: 24, until: '2030-01-01T00:00:00.000Z' })).toEqual({
      changes: [],
      facts: { hours: 24, until: '2030-01-01T00:00:00.000Z' },
    });
  });

  it("reads a decision's from/to statuses as a status change, and a remap's URLs as a URL change", () => {
    expect(describeDetails('reject', { from: 'pending', to: 'rejected' }).changes).toEqual([
      { field: 'status', from: 'pending', to: 'rejected' },
    ]);
    expect(
      describeDetails('story_update', {
        url: 'https://new.example/a',
        previousUrl: 'https://old.example/a',
        via: 'stories remap',
      }),
    ).toEqual({
      changes: [{ field: 'url', from: 'https://old.example/a', to: 'https://new.example/a' }],
      facts: { via: 'stories remap' },
    });
  });

  it('names the story a merge took in, without its id, and says premoderation went on for older rows', () => {
    expect(
      describeDetails('story_merge', {
        moved: 3,
        from: { id: 'x', title: 'Twin', url: 'https://a.example/' },
      }),
    ).toEqual({ changes: [], facts: { moved: 3, 'from title': 'Twin', 'from url': 'https://a.example/' } });
    expect(describeDetails('premod_on', {}).changes).toEqual([
      { field: 'alwaysPremod', from: false, to: true },
    ]);
  });

  it('leaves out ids the entry already links and objects it cannot show', () => {
    expect(
      describeDetails('user_note', { noteId: 'n-1', body: 'Watch this one', extra: { deep: { x: 1 } } }),
    ).toEqual({
      changes: [],
      facts: { body: 'Watch this one' },
    });
  });
});
