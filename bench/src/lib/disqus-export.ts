/**
 * A Disqus export made up for the import scenario, the same bytes for the same shape and seed: what
 * a newsroom's file looks like (threads with and without a CMS id, a few closed; posts with HTML in
 * CDATA or escaped, replies several levels deep, times with and without `Z`; registered authors,
 * guests with and without an email; some deleted, some spam), in the order Disqus writes it
 * (threads first, then posts by time).
 */
import { closeSync, openSync, writeSync } from 'node:fs';

export interface ExportShape {
  posts: number;
  threads: number;
  authors: number;
  seed?: number;
}

export interface ExportSummary {
  posts: number;
  threads: number;
  authors: number;
  /** Posts that answer another post. */
  replies: number;
  /** Posts by authors without a username, and those of them without an email either. */
  guestPosts: number;
  guestPostsWithoutEmail: number;
  deleted: number;
  spam: number;
  bytes: number;
}

/** Disqus ids are large numbers; these look like theirs and never collide between kinds. */
const THREAD_ID_BASE = 7_100_000_000;
const POST_ID_BASE = 5_200_000_000;
const START = Date.UTC(2019, 0, 1);

const WORDS = (
  'the council said budget vote week city river bridge school plan road tax people about would ' +
  'their which could after years first public money local water report minister party election ' +
  'think really agree point article thanks wrong right question answer read again better worse'
).split(' ');
const SECTIONS = ['politics', 'sport', 'culture', 'city', 'world', 'business'];

/** mulberry32: small, fast and the same everywhere, which is all a generator needs. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The export, a piece at a time (a header, each thread, each post, the end). */
export function* disqusExport(shape: ExportShape, summary = emptySummary(shape)): Generator<string> {
  const next = random(shape.seed ?? 20);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  /** Skewed toward the first items (a few busy threads and authors, a long tail). */
  const skewed = (count: number) => Math.min(count - 1, Math.floor(count * next() ** 2.5));
  const sentence = (min: number, max: number) => {
    const words = Array.from({ length: min + Math.floor(next() * (max - min)) }, () => pick(WORDS));
    const text = words.join(' ');
    return text.charAt(0).toUpperCase() + text.slice(1) + '.';
  };

  yield (
    '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" ' +
    'xmlns:dsq="http://disqus.com/disqus-internals">\n' +
    '<category dsq:id="1"><forum>bench</forum><title>General</title><isDefault>true</isDefault></category>\n'
  );
  for (let t = 0; t < shape.threads; t++) {
    const section = SECTIONS[t % SECTIONS.length]!;
    const time = new Date(START + t * 3_600_000).toISOString();
    yield (
      `<thread dsq:id="${THREAD_ID_BASE + t}"><id>${t % 3 === 0 ? '' : `cms-${t}`}</id><forum>bench</forum>` +
      `<category dsq:id="1"/><link>https://news.example.org/${section}/story-${t}/</link>` +
      `<title>${escape(sentence(4, 9))}</title><message/><createdAt>${time}</createdAt>` +
      `<author><name>Newsroom</name><isAnonymous>false</isAnonymous><username>newsroom</username></author>` +
      `<isClosed>${t % 40 === 39}</isClosed><isDeleted>false</isDeleted></thread>\n`
    );
  }
  /** Each thread's posts so far (ids as offsets), so a reply answers one of its own thread. */
  const byThread: number[][] = Array.from({ length: shape.threads }, () => []);
  for (let p = 0; p < shape.posts; p++) {
    const thread = skewed(shape.threads);
    const earlier = byThread[thread]!;
    // About 40% are replies, mostly to recent posts, so chains grow deep in busy threads.
    const parent =
      earlier.length > 0 && next() < 0.4
        ? earlier[Math.max(0, earlier.length - 1 - Math.floor(earlier.length * next() ** 3))]!
        : null;
    earlier.push(p);
    const authorIndex = skewed(shape.authors);
    // One author in five is a guest (no username); half of the guests left no email.
    const guest = authorIndex % 5 === 4;
    const withoutEmail = guest && authorIndex % 10 === 9;
    const deleted = next() < 0.03;
    const spam = !deleted && next() < 0.02;
    summary.replies += parent === null ? 0 : 1;
    summary.guestPosts += guest ? 1 : 0;
    summary.guestPostsWithoutEmail += withoutEmail ? 1 : 0;
    summary.deleted += deleted ? 1 : 0;
    summary.spam += spam ? 1 : 0;
    const seconds = START / 1000 + shape.threads * 3600 + p * 47 + Math.floor(next() * 40);
    const iso = new Date(seconds * 1000).toISOString().replace('.000', '');
    const author =
      `<author><name>${guest ? `Guest ${authorIndex}` : `Reader ${authorIndex}`}</name>` +
      (withoutEmail ? '' : `<email>reader${authorIndex}@example.com</email>`) +
      `<isAnonymous>${guest}</isAnonymous>` +
      (guest ? '' : `<username>reader_${authorIndex}</username>`) +
      '</author>';
    yield (
      `<post dsq:id="${POST_ID_BASE + p}"><id/><message>${message(next, sentence, p)}</message>` +
      `<createdAt>${p % 10 === 7 ? iso.replace('Z', '') : iso}</createdAt>` +
      `<isDeleted>${deleted}</isDeleted><isSpam>${spam}</isSpam>${author}` +
      `<thread dsq:id="${THREAD_ID_BASE + thread}"/>` +
      (parent === null ? '' : `<parent dsq:id="${POST_ID_BASE + parent}"/>`) +
      '</post>\n'
    );
  }
  yield '</disqus>\n';
}

/** A post's HTML: one to three paragraphs, some bold, italic, a link or a line break; CDATA or escaped. */
function message(next: () => number, sentence: (min: number, max: number) => string, p: number): string {
  const paragraphs = Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
    const roll = next();
    const text = sentence(6, 30);
    if (roll < 0.15) return `<p>${text} <b>${sentence(1, 3)}</b></p>`;
    if (roll < 0.25) return `<p>${text}<br>${sentence(2, 8)}</p>`;
    if (roll < 0.3) return `<p>${text} <a href="https://example.org/source/${p}">source</a></p>`;
    if (roll < 0.35) return `<p><i>${text}</i></p>`;
    return `<p>${text}</p>`;
  });
  const html = paragraphs.join('');
  return p % 2 === 0 ? `<![CDATA[${html}]]>` : escape(html);
}

/** A summary with nothing counted yet, which `disqusExport` fills in as it writes. */
export function emptySummary(shape: ExportShape): ExportSummary {
  return {
    posts: shape.posts,
    threads: shape.threads,
    authors: shape.authors,
    replies: 0,
    guestPosts: 0,
    guestPostsWithoutEmail: 0,
    deleted: 0,
    spam: 0,
    bytes: 0,
  };
}

/** Writes the export to `path` (plain XML) and says what it holds. */
export function writeDisqusExport(path: string, shape: ExportShape): ExportSummary {
  const summary = emptySummary(shape);
  const file = openSync(path, 'w');
  try {
    let pending: string[] = [];
    let size = 0;
    const flush = () => {
      summary.bytes += writeSync(file, pending.join(''));
      pending = [];
      size = 0;
    };
    for (const piece of disqusExport(shape, summary)) {
      pending.push(piece);
      size += piece.length;
      if (size > 1 << 20) flush();
    }
    flush();
  } finally {
    closeSync(file);
  }
  return summary;
}
