import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import CommentBody from './CommentBody.vue';

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '[x](javascript:alert(1))',
  'javascript:alert(1)',
  '<a href="javascript:alert(1)">click</a>',
  '<b>unclosed <i>markup',
];

describe('CommentBody', () => {
  it.each(HOSTILE)('renders %s as inert text', (body) => {
    const sut = mount(CommentBody, { props: { body } });

    expect(sut.find('script').exists()).toBe(false);
    expect(sut.find('img').exists()).toBe(false);
    expect(sut.find('svg').exists()).toBe(false);
    expect(sut.find('b').exists()).toBe(false);
    expect(sut.findAll('a').every((link) => /^https?:/.test(link.attributes('href') ?? ''))).toBe(true);
    expect(sut.text()).toContain(body.replace(/\s+/g, ' ').trim().slice(0, 10));
  });

  it('renders paragraphs, quotes, emphasis and safe links', () => {
    const sut = mount(CommentBody, {
      props: { body: '> quoted\n\n**bold** and *it* at https://example.com/a' },
    });

    expect(sut.find('blockquote').text()).toBe('quoted');
    expect(sut.find('strong').text()).toBe('bold');
    expect(sut.find('em').text()).toBe('it');
    const link = sut.find('a');
    expect(link.attributes()).toMatchObject({
      href: 'https://example.com/a',
      rel: 'nofollow ugc noopener',
      target: '_blank',
    });
  });
});

describe('CommentBody with highlighted words', () => {
  it('marks the matched words inside formatted text and links', () => {
    const sut = mount(CommentBody, {
      props: { body: 'You **Scum**, see https://scum.example/x and scum again', highlight: ['scum'] },
    });
    const marks = sut.findAll('mark').map((mark) => mark.text());
    expect(marks).toEqual(['Scum', 'scum', 'scum']);
    expect(sut.find('strong mark').exists()).toBe(true);
    expect(sut.find('a mark').exists()).toBe(true);
    expect(sut.find('a').attributes('rel')).toBe('nofollow ugc noopener');
  });

  it('keeps markup in the text as text, even where a word is matched', () => {
    const sut = mount(CommentBody, {
      props: { body: '<img src=x onerror=alert(1)> bad <script>bad()</script>', highlight: ['bad', '<img'] },
    });
    expect(sut.find('img').exists()).toBe(false);
    expect(sut.find('script').exists()).toBe(false);
    expect(sut.text()).toContain('<img src=x onerror=alert(1)>');
    expect(sut.findAll('mark').map((mark) => mark.text())).toEqual(['<img', 'bad', 'bad']);
  });
});
