import { describe, expect, it } from 'vitest';
import { story } from '../testing/admin.js';
import { testLocalization } from '../testing/localization.js';
import { storyAddress, storyChoiceLabel } from './admin.js';

const { t } = await testLocalization('en');

describe(storyChoiceLabel.name, () => {
  it('names a story by title, address and CMS id, so two with one title differ', () => {
    const first = story({
      title: 'Election night',
      url: 'https://news.example.org/world/a',
      externalId: 'cms-1',
    });
    const second = story({
      title: 'Election night',
      url: 'https://news.example.org/sport/b',
      externalId: 'cms-2',
    });

    expect(storyChoiceLabel(t, first)).toBe('Election night — news.example.org/world/a · id cms-1');
    expect(storyChoiceLabel(t, first)).not.toBe(storyChoiceLabel(t, second));
  });

  it('falls back to the slug for the id, and says when a story has no address yet', () => {
    const unplaced = story({ title: 'Draft', url: 'https://parley.invalid/stories/draft', slug: 'draft' });

    expect(storyChoiceLabel(t, unplaced)).toBe('Draft — no URL yet · id draft');
    expect(storyChoiceLabel(t, { slug: 'seen', title: 'Seen in a queue' })).toBe(
      'Seen in a queue — no URL yet · id seen',
    );
  });
});

describe(storyAddress.name, () => {
  it('drops the scheme and a trailing slash', () => {
    expect(storyAddress('https://news.example.org/')).toBe('news.example.org');
    expect(storyAddress('http://news.example.org/a/b')).toBe('news.example.org/a/b');
    expect(storyAddress(undefined)).toBeNull();
  });
});
