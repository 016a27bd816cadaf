import { COMMENT_MAX_LENGTH, findUnsafeCharacter } from '@parley/shared/values';
import { Parser } from 'htmlparser2';
import type { HtmlFlavour } from './import-source.js';

/** Elements whose content is never text a reader wrote. */
const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'svg',
  'math',
  'head',
  'title',
]);
const BLOCKS = new Set([
  'p',
  'div',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'pre',
  'table',
  'tr',
  'hr',
  'section',
  'article',
  'figure',
]);
const BOLD = new Set(['b', 'strong']);
const ITALIC = new Set(['i', 'em']);
const SAFE_PROTOCOLS = new Set(['http:', 'https:']);

interface Frame {
  tag: string;
  text: string;
  href?: string;
}

/**
 * An export's HTML as Parley's text format, read by a real HTML parser (htmlparser2, entities
 * decoded): paragraphs, line breaks, `> ` quotes, **bold**, *italic*, and links whose address
 * passes the link rule (http or https, as `formatComment` auto-links them); every other element
 * becomes its text, and script-like elements nothing. WordPress's comments keep their line ends
 * (it adds the paragraphs when it shows them); in HTML, white space collapses.
 */
export function htmlToText(html: string, flavour: HtmlFlavour): string {
  const frames: Frame[] = [{ tag: '', text: '' }];
  let dropped = 0;
  const top = () => frames[frames.length - 1]!;
  const append = (text: string) => (top().text += text);
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (DROPPED.has(name)) dropped++;
        if (dropped) return;
        if (name === 'br') append('\n');
        else if (BLOCKS.has(name)) append('\n\n');
        if (BOLD.has(name) || ITALIC.has(name) || name === 'blockquote' || name === 'a') {
          frames.push({ tag: name, text: '', href: attributes.href });
        }
      },
      ontext(text) {
        if (dropped) return;
        append(flavour === 'wordpress' ? text.replace(/[ \t\f\r]+/g, ' ') : text.replace(/\s+/g, ' '));
      },
      onclosetag(name) {
        if (DROPPED.has(name)) {
          dropped = Math.max(0, dropped - 1);
          return;
        }
        if (dropped) return;
        if (BLOCKS.has(name)) append('\n\n');
        // Close frames up to this element's (a stray close tag closes nothing).
        if (!frames.some((frame, index) => index > 0 && frame.tag === name)) return;
        for (let frame = frames.pop()!; ; frame = frames.pop()!) {
          append(closed(frame));
          if (frame.tag === name) break;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  while (frames.length > 1) {
    const frame = frames.pop()!;
    append(closed(frame));
  }
  return tidy(top().text);
}

/** What a finished inline or quote element becomes in the text of the element around it. */
function closed(frame: Frame): string {
  if (BOLD.has(frame.tag)) return wrap(frame.text, '**');
  if (ITALIC.has(frame.tag)) return wrap(frame.text, '*');
  if (frame.tag === 'a') return link(frame.text, frame.href);
  if (frame.tag === 'blockquote') {
    const quoted = tidy(frame.text);
    return quoted
      ? `\n\n${quoted
          .split('\n')
          .map((line) => `> ${line}`.trimEnd())
          .join('\n')}\n\n`
      : '';
  }
  return frame.text;
}

/** Emphasis markers need a non-space just inside them (the text rule's), so space stays outside. */
function wrap(text: string, marker: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  const inner = match[2]!;
  if (!inner || inner.includes('\n\n')) return text;
  return `${match[1]}${marker}${inner}${marker}${match[3]}`;
}

function link(text: string, href: string | undefined): string {
  const label = text.trim();
  const address = safeHref(href);
  if (!address) return text;
  // A label that is the address itself (often shortened: `example.com/a…`) adds nothing.
  const shortened = label.replace(/(…|\.\.\.)$/, '');
  if (
    !label ||
    label === href ||
    label === address ||
    (/^\S+\.\S+$/.test(shortened) && address.includes(shortened))
  ) {
    return ` ${address} `;
  }
  return `${text} (${address})`;
}

function safeHref(href: string | undefined): string | null {
  if (!href) return null;
  try {
    const url = new URL(href.trim());
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** Blank lines between blocks, none at the ends, no trailing space. */
function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').replace(/^ | $/g, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The shared text rule, applied rather than enforced (an export cannot be asked to fix itself):
 * characters it refuses are dropped, and text past the length limit is cut with an ellipsis.
 */
export function toStorableText(text: string, maxLength = COMMENT_MAX_LENGTH): { text: string; cut: boolean } {
  let safe = text;
  for (let found = findUnsafeCharacter(safe); found; found = findUnsafeCharacter(safe)) {
    safe = safe.slice(0, found.index) + safe.slice(found.index + 1);
  }
  if (safe.length <= maxLength) return { text: safe, cut: false };
  let cut = safe.slice(0, maxLength - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return { text: `${cut.trimEnd()}…`, cut: true };
}
