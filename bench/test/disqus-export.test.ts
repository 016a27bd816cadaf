import { describe, expect, it } from 'vitest';
import {
  disqusExport,
  emptySummary,
  type ExportShape,
  type ExportSummary,
} from '../src/lib/disqus-export.js';
import { parseImportReport } from '../src/scenarios/import.js';

const SHAPE = { posts: 1200, threads: 12, authors: 30 };

function generate(shape: ExportShape = SHAPE): { text: string; summary: ExportSummary } {
  const summary = emptySummary(shape);
  return { text: [...disqusExport(shape, summary)].join(''), summary };
}

/** Each post's id, thread, parent, flags and author, read back with regular expressions (the file is ours). */
function posts(text: string) {
  return [...text.matchAll(/<post dsq:id="(\d+)">(.*?)<\/post>/g)].map(([, id, body]) => ({
    id: id!,
    thread: /<thread dsq:id="(\d+)"\/>/.exec(body!)![1]!,
    parent: /<parent dsq:id="(\d+)"\/>/.exec(body!)?.[1] ?? null,
    deleted: body!.includes('<isDeleted>true'),
    spam: body!.includes('<isSpam>true'),
    username: /<username>/.test(body!),
    email: /<email>/.test(body!),
    author: /<name>([^<]*)<\/name>/.exec(body!)![1]!,
  }));
}

describe('disqusExport', () => {
  // Generous: the machine these run on is often shared.
  it(
    'makes the same file for the same shape and seed, and another for another seed',
    { timeout: 30_000 },
    () => {
      const first = generate().text;
      expect(generate().text).toBe(first);
      expect(generate({ ...SHAPE, seed: 7 }).text).not.toBe(first);
    },
  );

  it('holds the threads, posts and authors asked for, inside one <disqus> root', () => {
    const { text } = generate();
    expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<disqus ')).toBe(true);
    expect(text.trimEnd().endsWith('</disqus>')).toBe(true);
    expect(text.match(/<thread dsq:id="\d+">/g)).toHaveLength(SHAPE.threads);
    const all = posts(text);
    expect(all).toHaveLength(SHAPE.posts);
    expect(new Set(all.map((post) => post.id)).size).toBe(SHAPE.posts);
    const authors = new Set(all.map((post) => post.author));
    expect(authors.size).toBeGreaterThan(SHAPE.authors / 2);
    expect(authors.size).toBeLessThanOrEqual(SHAPE.authors);
  });

  it('answers only earlier posts of the same thread, and counts what it made', () => {
    const { text, summary } = generate();
    const seen = new Map<string, string>();
    for (const post of posts(text)) {
      if (post.parent !== null) expect(seen.get(post.parent)).toBe(post.thread);
      seen.set(post.id, post.thread);
    }
    const all = posts(text);
    const count = (test: (post: (typeof all)[number]) => boolean) => all.filter(test).length;
    expect(summary.replies).toBe(count((post) => post.parent !== null));
    expect(summary.replies / SHAPE.posts).toBeGreaterThan(0.2);
    expect(summary.deleted).toBe(count((post) => post.deleted));
    expect(summary.spam).toBe(count((post) => post.spam));
    expect(summary.deleted).toBeGreaterThan(0);
    expect(summary.spam).toBeGreaterThan(0);
    expect(summary.guestPosts).toBe(count((post) => !post.username));
    expect(summary.guestPostsWithoutEmail).toBe(count((post) => !post.username && !post.email));
    expect(summary.guestPostsWithoutEmail).toBeGreaterThan(0);
  });

  it('writes messages as CDATA and as escaped HTML, and some times without a zone', () => {
    const { text } = generate();
    expect(text).toContain('<message><![CDATA[<p>');
    expect(text).toContain('<message>&lt;p&gt;');
    expect(text).toMatch(/<createdAt>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d<\/createdAt>/);
    expect(text).toMatch(/<createdAt>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/createdAt>/);
  });
});

describe(parseImportReport.name, () => {
  it("reads the new comments and each phase's time from the CLI's report", () => {
    const output = [
      'reading: 50%, 100,000 posts, 40000 posts/s, about 2 s left',
      'postgres 127.0.0.1:5432/parley_bench_1:',
      'disqus import done',
      'comments: 193000 new, 0 already imported (new: 100 placeholders, 3900 spam, 0 pending review)',
      'time: 35.2 s (reading 2.3 s, stories 0.2 s, authors 0.5 s, staging 17.9 s, publishing 14.3 s)',
    ].join('\n');

    expect(parseImportReport(output)).toEqual({
      commentsNew: 193000,
      phases: [
        ['reading', 2.3],
        ['stories', 0.2],
        ['authors', 0.5],
        ['staging', 17.9],
        ['publishing', 14.3],
      ],
    });
    expect(() => parseImportReport('parley: cannot open the database')).toThrow(/no import report/);
  });
});
