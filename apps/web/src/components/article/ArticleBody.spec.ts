import type { StoryWithArticle } from '@parley/shared';
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { uuid } from '../../testing/factories.js';
import ArticleBody from './ArticleBody.vue';

function article(overrides: Partial<StoryWithArticle> = {}): StoryWithArticle {
  return {
    id: uuid(),
    slug: 'a-story',
    title: 'A story',
    paragraphs: [],
    tags: [],
    publishedAt: '2030-01-01T12:00:00.000Z',
    commentsOpen: true,
    premod: 'off',
    commentCount: 0,
    url: 'https://news.example.org/world/a-story',
    externalId: null,
    ...overrides,
  };
}

describe('ArticleBody', () => {
  it('links a story made on first view, which has no text here, to its page', () => {
    const sut = mount(ArticleBody, { props: { article: article() } });

    const link = sut.get('a');
    expect(link.attributes('href')).toBe('https://news.example.org/world/a-story');
    expect(link.text()).toBe('Read the story on news.example.org');
    expect(sut.find('ul.tags').exists()).toBe(false);
  });

  it('shows the text and no link when the story has paragraphs, or only a placeholder URL', () => {
    const full = mount(ArticleBody, {
      props: { article: article({ paragraphs: ['One.', 'Two.'], tags: ['x'] }) },
    });
    const placeholder = mount(ArticleBody, {
      props: { article: article({ url: 'https://parley.invalid/stories/a-story' }) },
    });

    expect(full.findAll('p:not(.article-meta)').map((p) => p.text())).toEqual(['One.', 'Two.']);
    expect(full.find('a').exists()).toBe(false);
    expect(placeholder.find('a').exists()).toBe(false);
  });
});
