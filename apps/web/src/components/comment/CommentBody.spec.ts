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
