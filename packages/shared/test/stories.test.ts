import { describe, expect, it } from 'vitest';
import {
  pageTitleSchema,
  resolveStoryRequestSchema,
  storyCountsQuerySchema,
} from '../src/schemas/stories.js';
import { normalizeStoryUrl } from '../src/stories.js';

describe(normalizeStoryUrl.name, () => {
  const sut = normalizeStoryUrl;

  it.each([
    ['HTTPS://News.Example.ORG/World/Balkans', 'https://news.example.org/World/Balkans'],
    ['https://news.example.org:443/a', 'https://news.example.org/a'],
    ['http://news.example.org:80/a', 'http://news.example.org/a'],
    ['http://news.example.org:8080/a', 'http://news.example.org:8080/a'],
    ['https://news.example.org/a#comments', 'https://news.example.org/a'],
    ['https://news.example.org/a/', 'https://news.example.org/a'],
    ['https://news.example.org/a//', 'https://news.example.org/a'],
    ['https://news.example.org', 'https://news.example.org/'],
    ['https://news.example.org/?b=2&a=1#x', 'https://news.example.org/?b=2&a=1'],
    ['  https://news.example.org/a?Q=1  ', 'https://news.example.org/a?Q=1'],
  ])('spells %j as %j', (input, expected) => {
    expect(sut(input)).toBe(expected);
  });

  it.each([
    '/relative',
    'javascript:alert(1)',
    'ftp://news.example.org/a',
    'https://u:p@news.example.org/',
    'nope',
  ])('refuses %j', (input) => {
    expect(sut(input)).toBeNull();
  });
});

describe('story schemas', () => {
  it('normalizes the URL of a resolve request and tidies its title', () => {
    expect(
      resolveStoryRequestSchema.parse({
        url: 'https://NEWS.example.org/a/#c',
        title: '  Two\n\twords  ',
        id: ' cms-1 ',
      }),
    ).toEqual({ url: 'https://news.example.org/a', title: 'Two words', id: 'cms-1' });
  });

  it('cuts a page title at 200 characters without splitting a character', () => {
    const title = pageTitleSchema.parse('😀'.repeat(300));
    expect(Array.from(title)).toHaveLength(200);
  });

  it('takes one or many urls and ids, between 1 and 100 keys', () => {
    expect(storyCountsQuerySchema.parse({ url: 'https://a.example/x', id: ['1', '2'] })).toEqual({
      url: ['https://a.example/x'],
      id: ['1', '2'],
    });
    expect(storyCountsQuerySchema.safeParse({}).success).toBe(false);
    expect(
      storyCountsQuerySchema.safeParse({ id: Array.from({ length: 101 }, (_, i) => String(i)) }).success,
    ).toBe(false);
  });
});
