import { formatComment } from '@parley/shared/values';
import { describe, expect, it } from 'vitest';
import { htmlToText, toStorableText } from './html-to-text.js';

describe(htmlToText.name, () => {
  it('keeps paragraphs, line breaks, bold, italic and quotes in the text format', () => {
    const sut = htmlToText(
      '<p>One <b>bold</b> <em>word</em></p><p>two<br>lines</p><blockquote><p>said</p></blockquote>',
      'html',
    );

    expect(sut).toBe('One **bold** *word*\n\ntwo\nlines\n\n> said');
    expect(formatComment(sut).map((block) => block.type)).toEqual(['paragraph', 'paragraph', 'quote']);
  });

  it('drops scripts and styles whole, and keeps only the text of other elements', () => {
    expect(
      htmlToText(
        '<p>hi<script>alert(1)</script><style>p{}</style> <span onclick="x()">there</span><img src=x onerror=alert(1)></p>',
        'html',
      ),
    ).toBe('hi there');
  });

  it('keeps an http(s) link as its address and a javascript: link as its text only', () => {
    const sut = htmlToText(
      '<a href="javascript:alert(1)">click</a> <a href="https://example.org/a">source</a> <a href="https://example.org/b">example.org/b</a> <a href="/relative">rel</a>',
      'html',
    );

    expect(sut).toBe('click source (https://example.org/a) https://example.org/b rel');
    const links = formatComment(sut).flatMap((block) =>
      block.children.filter((inline) => inline.type === 'link'),
    );
    expect(links.map((link) => link.href)).toEqual(['https://example.org/a', 'https://example.org/b']);
  });

  it('decodes entities once: escaped markup stays text', () => {
    expect(htmlToText('5 &lt; 6 &amp;&amp; &lt;b&gt;not bold&lt;/b&gt;', 'html')).toBe(
      '5 < 6 && <b>not bold</b>',
    );
  });

  it('keeps line ends in WordPress comments and collapses them in HTML', () => {
    expect(htmlToText('first\n\nsecond\nthird', 'wordpress')).toBe('first\n\nsecond\nthird');
    expect(htmlToText('first\n\nsecond', 'html')).toBe('first second');
  });

  it('leaves emphasis markers out around white space only', () => {
    expect(htmlToText('a<b> </b>b<i></i>', 'html')).toBe('a b');
  });
});

describe(toStorableText.name, () => {
  it('drops the characters the text rule refuses', () => {
    expect(toStorableText('a\u0000b\u0007c\ud800d\ne').text).toBe('abcd\ne');
  });

  it('cuts text past the limit with an ellipsis, never inside a surrogate pair', () => {
    const sut = toStorableText(`${'x'.repeat(8)}😀😀`, 10);

    expect(sut).toEqual({ text: 'xxxxxxxx…', cut: true });
    expect(toStorableText('short', 10)).toEqual({ text: 'short', cut: false });
  });
});
