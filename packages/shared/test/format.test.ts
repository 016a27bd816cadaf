import { describe, expect, it } from 'vitest';
import {
  commentPlainText,
  formatComment,
  formatInline,
  type Block,
  type Inline,
} from '../src/text/format.js';

const text = (value: string): Inline => ({ type: 'text', text: value });
const paragraph = (...children: Inline[]): Block => ({ type: 'paragraph', children });

/** Every link in a formatted tree, however deeply nested. */
function links(nodes: (Block | Inline)[]): Extract<Inline, { type: 'link' }>[] {
  return nodes.flatMap((node) => {
    if (node.type === 'link') return [node];
    return 'children' in node ? links(node.children) : [];
  });
}

/** The text a reader would see, markers removed. */
function plain(nodes: (Block | Inline)[]): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'text':
        case 'link':
          return node.text;
        case 'break':
          return '\n';
        case 'bold':
        case 'italic':
        case 'paragraph':
        case 'quote':
          return plain(node.children);
      }
    })
    .join('');
}

function depth(nodes: (Block | Inline)[]): number {
  return Math.max(0, ...nodes.map((node) => ('children' in node ? 1 + depth(node.children) : 0)));
}

describe(formatComment.name, () => {
  const sut = formatComment;

  it('splits paragraphs on blank lines, including ones with only spaces, and drops empty ones', () => {
    expect(sut('First.\n\nSecond.\n \t\n\n\nThird.')).toEqual([
      paragraph(text('First.')),
      paragraph(text('Second.')),
      paragraph(text('Third.')),
    ]);
  });

  it('keeps single newlines as line breaks, and treats \\r\\n like \\n', () => {
    expect(sut('one\ntwo\r\nthree\r\n\r\nfour')).toEqual([
      paragraph(text('one'), { type: 'break' }, text('two'), { type: 'break' }, text('three')),
      paragraph(text('four')),
    ]);
  });

  it('returns no blocks for empty or blank input', () => {
    expect(sut('')).toEqual([]);
    expect(sut('  \n \n\t')).toEqual([]);
  });

  it('makes consecutive `>` lines one quote, separate from the reply under it', () => {
    expect(sut('> they said\n>this too\nmy answer')).toEqual([
      { type: 'quote', children: [text('they said'), { type: 'break' }, text('this too')] },
      paragraph(text('my answer')),
    ]);
  });

  it('formats inline markup inside quotes', () => {
    expect(sut('> **no**')).toEqual([
      { type: 'quote', children: [{ type: 'bold', children: [text('no')] }] },
    ]);
  });

  it('keeps `>` in the middle of a line as text', () => {
    expect(sut('a > b')).toEqual([paragraph(text('a > b'))]);
  });

  it('keeps markup as text: <script> never becomes an element', () => {
    const blocks = sut('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>');

    expect(blocks).toEqual([
      paragraph(text('<script>alert(1)</script>')),
      paragraph(text('<img src=x onerror=alert(1)>')),
    ]);
  });
});

describe(formatInline.name, () => {
  const sut = formatInline;

  describe('emphasis', () => {
    it('makes **bold**, *italic* and _italic_', () => {
      expect(sut('a **b** *c* _d_')).toEqual([
        text('a '),
        { type: 'bold', children: [text('b')] },
        text(' '),
        { type: 'italic', children: [text('c')] },
        text(' '),
        { type: 'italic', children: [text('d')] },
      ]);
    });

    it('nests italic inside bold', () => {
      expect(sut('**very *much* so**')).toEqual([
        {
          type: 'bold',
          children: [text('very '), { type: 'italic', children: [text('much')] }, text(' so')],
        },
      ]);
    });

    it.each([
      '2 * 3 * 4 = 24',
      '2*3*4 = 24',
      'a*b*c',
      'x ** 2 ** y',
      'f(x) = x * (y * z)',
      '**unclosed',
      'a * b',
      '* a list-like line *',
    ])('leaves asterisks in %j as text', (input) => {
      expect(sut(input)).toEqual([text(input)]);
    });

    it.each(['snake_case_name', 'x_1 + y_2', 'file_name.txt and other_file', '_ spaced _'])(
      'leaves underscores in %j as text',
      (input) => {
        expect(sut(input)).toEqual([text(input)]);
      },
    );

    it('turns line breaks inside emphasis into breaks', () => {
      expect(sut('*one\ntwo*')).toEqual([
        { type: 'italic', children: [text('one'), { type: 'break' }, text('two')] },
      ]);
    });
  });

  describe('links', () => {
    it.each(['http://example.com/a', 'https://example.com/a?b=c#d'])('links %s', (url) => {
      expect(sut(`see ${url} now`)).toEqual([
        text('see '),
        { type: 'link', href: url, text: url },
        text(' now'),
      ]);
    });

    it('leaves trailing punctuation and wrapping parentheses out of the link', () => {
      expect(links(sut('Read (https://example.com/x). Then https://example.org.'))).toEqual([
        { type: 'link', href: 'https://example.com/x', text: 'https://example.com/x' },
        { type: 'link', href: 'https://example.org/', text: 'https://example.org' },
      ]);
    });

    it('keeps `*` and `_` inside a URL as part of the URL, not emphasis', () => {
      const url = 'https://example.com/a*b*c_d_e?q=*x*&r=_y_';

      expect(sut(`see ${url} and *this*`)).toEqual([
        text('see '),
        { type: 'link', href: url, text: url },
        text(' and '),
        { type: 'italic', children: [text('this')] },
      ]);
    });

    it.each([
      'javascript:alert(1)',
      'JavaScript:alert(document.cookie)',
      '[click](javascript:alert(1))',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'ftp://example.com/file',
      'mailto:someone@example.com',
      '//example.com/protocol-relative',
      'www.example.com',
    ])('never links %j', (input) => {
      const nodes = sut(input);

      expect(links(nodes)).toEqual([]);
      expect(plain(nodes)).toBe(input);
    });

    it('only ever produces http: or https: hrefs', () => {
      const nodes = sut(
        'a http://javascript:alert(1) b https://evil.example"onmouseover="alert(1) c https://ok.example/%22x',
      );

      expect(links(nodes).length).toBeGreaterThan(0);
      for (const link of links(nodes)) {
        expect(new URL(link.href).protocol).toMatch(/^https?:$/);
        expect(link.href).not.toMatch(/["<>\s]/);
      }
    });
  });

  it('never loses or invents visible text', () => {
    const input = 'Hi **there**, see https://example.com/x_y and _this_ > that * 2';

    expect(plain(sut(input))).toBe('Hi there, see https://example.com/x_y and this > that * 2');
  });
});

// A run of markers (a separator line of underscores) must not nest one italic per pair: 5000
// underscores once made a tree 2500 levels deep, which JSON.stringify and renderers overflow on.
describe(`${formatInline.name} with runs of markers`, () => {
  it('keeps a separator line of underscores as plain text', () => {
    expect(formatInline('__________')).toEqual([text('__________')]);
  });

  it('keeps dunder names like __init__ as text', () => {
    expect(formatInline('call __init__ first')).toEqual([text('call __init__ first')]);
  });

  it('never nests deeper than a few levels, whatever a comment contains', () => {
    const worst = formatComment('_'.repeat(5000));

    expect(depth(worst)).toBeLessThan(10);
    expect(() => JSON.stringify(worst)).not.toThrow();
  });

  it('formats long adversarial input quickly', () => {
    for (const input of ['**a '.repeat(1250), '*a '.repeat(1666), '_a '.repeat(1666), '*'.repeat(5000)]) {
      const started = performance.now();
      formatComment(input);
      expect(performance.now() - started, input.slice(0, 8)).toBeLessThan(1000);
    }
  });
});

describe(commentPlainText.name, () => {
  it('drops the format’s marks and keeps the words, on one line', () => {
    expect(commentPlainText('I wonder *which* one.\n\n> **Bold** quote\nsee https://example.com/a_b_c')).toBe(
      'I wonder which one. Bold quote see https://example.com/a_b_c',
    );
  });

  it('leaves a mark that closes nothing as it was typed', () => {
    expect(commentPlainText('2 * 3 * 4 and *half')).toBe('2 * 3 * 4 and *half');
  });
});
