import { LinkifyIt } from 'linkify-it';

/**
 * Comment text → a small tree the web renders as elements (never as HTML strings), so nothing a
 * user types can become markup. The subset: paragraphs, line breaks, `> ` quotes, **bold**,
 * *italic* / _italic_, and auto-linked http(s) URLs.
 */
export type Inline =
  | { type: 'text'; text: string }
  | { type: 'break' }
  | { type: 'bold'; children: Inline[] }
  | { type: 'italic'; children: Inline[] }
  | { type: 'link'; href: string; text: string };

export interface Block {
  type: 'paragraph' | 'quote';
  children: Inline[];
}

const linkify = new LinkifyIt({ fuzzyEmail: false });
const SAFE_PROTOCOLS = new Set(['http:', 'https:']);

// Emphasis needs a non-space just inside each marker, so "2 * 3 * 4" stays text.
const EMPHASIS =
  /\*\*(?=\S)([\s\S]*?\S)\*\*|(?<![\w*])\*(?=[^\s*])([\s\S]*?[^\s*])\*(?![\w*])|(?<!\w)_(?=[^\s_])([\s\S]*?[^\s_])_(?!\w)/;

function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return SAFE_PROTOCOLS.has(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}

function emphasis(text: string): Inline[] {
  const out: Inline[] = [];
  let rest = text;
  for (let match = EMPHASIS.exec(rest); match; match = EMPHASIS.exec(rest)) {
    if (match.index > 0) out.push(...breaks(rest.slice(0, match.index)));
    const [whole, bold, star, underscore] = match;
    out.push(
      bold !== undefined
        ? { type: 'bold', children: emphasis(bold) }
        : { type: 'italic', children: emphasis(star ?? underscore ?? '') },
    );
    rest = rest.slice(match.index + whole.length);
  }
  if (rest) out.push(...breaks(rest));
  return out;
}

function breaks(text: string): Inline[] {
  const out: Inline[] = [];
  text.split('\n').forEach((line, index) => {
    if (index > 0) out.push({ type: 'break' });
    if (line) out.push({ type: 'text', text: line });
  });
  return out;
}

/** Links first (so `*` inside a URL is not emphasis), then emphasis in the text between them. */
export function formatInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const match of linkify.match(text) ?? []) {
    const href = safeHref(match.url);
    if (!href) continue;
    if (match.index > last) out.push(...emphasis(text.slice(last, match.index)));
    out.push({ type: 'link', href, text: match.text });
    last = match.lastIndex;
  }
  if (last < text.length) out.push(...emphasis(text.slice(last)));
  return out;
}

/** Splits a comment into paragraphs (blank line) and quotes (lines starting with `>`). */
export function formatComment(body: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of body.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    // Consecutive lines of one kind (quoted or not) make one block.
    const runs: { type: Block['type']; lines: string[] }[] = [];
    for (const line of chunk.split('\n')) {
      const quoted = /^\s*>\s?(.*)$/.exec(line);
      const type: Block['type'] = quoted ? 'quote' : 'paragraph';
      const text = quoted ? (quoted[1] ?? '') : line;
      const last = runs.at(-1);
      if (last?.type === type) last.lines.push(text);
      else runs.push({ type, lines: [text] });
    }
    for (const run of runs) {
      const text = run.lines.join('\n').trim();
      if (text) blocks.push({ type: run.type, children: formatInline(text) });
    }
  }
  return blocks;
}

/** True when the text contains something a reader would see as a link (used by pre-moderation). */
export function hasLink(text: string): boolean {
  return linkify.test(text);
}

function inlineText(inline: Inline): string {
  switch (inline.type) {
    case 'text':
    case 'link':
      return inline.text;
    case 'break':
      return ' ';
    case 'bold':
    case 'italic':
      return inline.children.map(inlineText).join('');
  }
}

/**
 * The words of a comment without the format's marks (`*which*` → `which`), on one line: for
 * places that show an excerpt as plain text (notifications). Uses the same parser as the page.
 */
export function commentPlainText(body: string): string {
  return formatComment(body)
    .map((block) => block.children.map(inlineText).join(''))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}
