import { createTestingPinia } from '@pinia/testing';
import { flushPromises } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { articlesApi } from '../api/articles.js';
import { moderationApi } from '../api/moderation.js';
import { DEFAULT_ARTICLE } from '../router.js';
import { useModerationStore } from '../stores/moderation.js';
import { refreshModerationArticles, useModerationArticles } from './useModerationArticles.js';

vi.mock('../api/moderation.js', async (original) => ({
  ...(await original<object>()),
  moderationApi: { stories: vi.fn() },
}));
vi.mock('../api/articles.js', () => ({ articlesApi: { get: vi.fn() } }));

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

describe('useModerationArticles', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    refreshModerationArticles();
    createTestingPinia({ createSpy: vi.fn });
  });

  it('offers the stories by title, the default story first when it is past the first page, then any seen in a queue', async () => {
    vi.mocked(moderationApi.stories).mockResolvedValueOnce({
      items: [storyItem('bridgehead', 'Bridgehead'), storyItem('elections', 'Elections')],
      nextCursor: 'more',
    });
    vi.mocked(articlesApi.get).mockResolvedValueOnce({ slug: DEFAULT_ARTICLE, title: 'Lavrov' } as never);
    const moderation = useModerationStore();
    (moderation as unknown as { articles: { slug: string; title: string }[] }).articles = [
      { slug: 'seen-in-queue', title: 'Seen' },
      { slug: 'elections', title: 'Elections' },
    ];

    const sut = useModerationArticles();
    await flushPromises();

    expect(moderationApi.stories).toHaveBeenCalledWith({ limit: 100 });
    expect(sut.value).toEqual([
      { slug: DEFAULT_ARTICLE, title: 'Lavrov' },
      { slug: 'bridgehead', title: 'Bridgehead' },
      { slug: 'elections', title: 'Elections' },
      { slug: 'seen-in-queue', title: 'Seen' },
    ]);
  });

  it('does not fetch the default story again when the list has it', async () => {
    vi.mocked(moderationApi.stories).mockResolvedValueOnce({
      items: [storyItem(DEFAULT_ARTICLE, 'Lavrov')],
      nextCursor: null,
    });

    const sut = useModerationArticles();
    await flushPromises();

    expect(articlesApi.get).not.toHaveBeenCalled();
    expect(sut.value).toEqual([{ slug: DEFAULT_ARTICLE, title: 'Lavrov' }]);
  });
});
