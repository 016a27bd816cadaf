import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ModerationCommentText from './ModerationCommentText.vue';

describe('ModerationCommentText', () => {
  it('marks the matched words inside formatted text and links', () => {
    const sut = mount(ModerationCommentText, {
      props: { body: 'You **Scum**, see https://scum.example/x and scum again', words: ['scum'] },
    });
    const marks = sut.findAll('mark').map((mark) => mark.text());
    expect(marks).toEqual(['Scum', 'scum', 'scum']);
    expect(sut.find('strong mark').exists()).toBe(true);
    expect(sut.find('a mark').exists()).toBe(true);
    expect(sut.find('a').attributes('rel')).toBe('nofollow ugc noopener');
  });

  it('keeps markup in the text as text, even where a word is matched', () => {
    const sut = mount(ModerationCommentText, {
      props: { body: '<img src=x onerror=alert(1)> bad <script>bad()</script>', words: ['bad', '<img'] },
    });
    expect(sut.find('img').exists()).toBe(false);
    expect(sut.find('script').exists()).toBe(false);
    expect(sut.text()).toContain('<img src=x onerror=alert(1)>');
    expect(sut.findAll('mark').map((mark) => mark.text())).toEqual(['<img', 'bad', 'bad']);
  });
});
