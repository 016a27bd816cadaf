import { createTestingPinia } from '@pinia/testing';
import { flushPromises } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultStory } from '../api/default-story.js';
import { moderationApi } from '../api/moderation.js';
import { useModerationStore } from '../stores/moderation.js';
import { refreshModerationStories, useModerationStories } from './useModerationStories.js';

vi.mock('../api/moderation.js', async (original) => ({
  ...(await original<object>()),
  moderationApi: { stories: vi.fn() },
}));
vi.mock('../api/default-story.js', () => ({ defaultStory: vi.fn() }));

/** The front story's slug, as the server names it (any slug: the web knows none). */
const FRONT = 'the-front-story';

function storyItem(slug: string, title: string) {
  return {
    id: crypto.randomUUID(),
    slug,
    title,
    url: `https://news.example.org/${slug}`,
    externalId: null,
    commentsOpen: true,
    premod: 'off' as const,
    commentCount: 0,
    createdAt: '2030-01-01T00:00:00.000Z',
  };
}

describe('useModerationStories', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    refreshModerationStories();
    createTestingPinia({ createSpy: vi.fn });
  });

  it('offers the stories by title, the default story first when it is past the first page, then any seen in a queue', async () => {
    vi.mocked(moderationApi.stories).mockResolvedValueOnce({
      items: [storyItem('bridgehead', 'Bridgehead'), storyItem('elections', 'Elections')],
      nextCursor: 'more',
    });
    vi.mocked(defaultStory).mockResolvedValueOnce(storyItem(FRONT, 'Lavrov'));
    const moderation = useModerationStore();
    (moderation as unknown as { stories: { slug: string; title: string }[] }).stories = [
      { slug: 'seen-in-queue', title: 'Seen' },
      { slug: 'elections', title: 'Elections' },
    ];

    const sut = useModerationStories();
    await flushPromises();

    expect(moderationApi.stories).toHaveBeenCalledWith({ limit: 100 });
    expect(sut.value.map(({ slug, title }) => ({ slug, title }))).toEqual([
      { slug: FRONT, title: 'Lavrov' },
      { slug: 'bridgehead', title: 'Bridgehead' },
      { slug: 'elections', title: 'Elections' },
      { slug: 'seen-in-queue', title: 'Seen' },
    ]);
    // Listed stories carry what the pickers name them by: the address and the id.
    expect(sut.value[1]).toEqual({
      slug: 'bridgehead',
      title: 'Bridgehead',
      url: 'https://news.example.org/bridgehead',
      externalId: null,
    });
  });

  it('lists the default story once when the first page has it', async () => {
    vi.mocked(moderationApi.stories).mockResolvedValueOnce({
      items: [storyItem('elections', 'Elections'), storyItem(FRONT, 'Lavrov')],
      nextCursor: null,
    });
    vi.mocked(defaultStory).mockResolvedValueOnce(storyItem(FRONT, 'Lavrov'));

    const sut = useModerationStories();
    await flushPromises();

    expect(sut.value.map(({ slug, title }) => ({ slug, title }))).toEqual([
      { slug: 'elections', title: 'Elections' },
      { slug: FRONT, title: 'Lavrov' },
    ]);
  });

  it('still lists the other stories when the server has no front story', async () => {
    vi.mocked(moderationApi.stories).mockResolvedValueOnce({
      items: [storyItem('elections', 'Elections')],
      nextCursor: null,
    });
    vi.mocked(defaultStory).mockRejectedValueOnce(new Error('There is no comment thread for this page.'));

    const sut = useModerationStories();
    await flushPromises();

    expect(sut.value.map(({ slug, title }) => ({ slug, title }))).toEqual([
      { slug: 'elections', title: 'Elections' },
    ]);
  });
});
