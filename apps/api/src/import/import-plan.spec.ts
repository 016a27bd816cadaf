import { MAX_REPLY_DEPTH } from '@parley/shared/values';
import { describe, expect, it } from 'vitest';
import { ImportPlan } from './import-plan.js';
import type { SourcePost } from './import-source.js';

const THREAD = {
  key: 't',
  externalId: 'cms-1',
  link: '',
  title: 'T',
  createdAt: null,
  closed: false,
  deleted: false,
};

function post(id: string, parentId: string | null, overrides: Partial<SourcePost> = {}): SourcePost {
  return {
    id,
    threadKey: 't',
    parentId,
    createdAt: new Date('2020-01-01T00:00:00Z'),
    html: id,
    deleted: false,
    spam: false,
    pending: false,
    skip: null,
    author: { username: '', email: '', name: 'n' },
    line: 1,
    ...overrides,
  };
}

function planOf(posts: SourcePost[], skipSpam = false): ImportPlan {
  const sut = new ImportPlan();
  sut.addThread(THREAD);
  for (const each of posts) sut.addPost(each);
  sut.resolve({ skipSpam });
  return sut;
}

describe(ImportPlan.name, () => {
  it('places replies past the depth cap beside their parent, as posting does', () => {
    const chain = Array.from({ length: MAX_REPLY_DEPTH + 3 }, (_, depth) =>
      post(`p${depth}`, depth ? `p${depth - 1}` : null),
    );
    const sut = planOf(chain);

    const fates = chain.map((each) => sut.fateOf(each));
    expect(fates.map((fate) => (fate.kind === 'comment' ? fate.depth : null))).toEqual([
      ...Array.from({ length: MAX_REPLY_DEPTH + 1 }, (_, depth) => depth),
      MAX_REPLY_DEPTH,
      MAX_REPLY_DEPTH,
    ]);
    const last = fates.at(-1)!;
    expect(last.kind === 'comment' && [last.parentId, last.rootId]).toEqual([
      `p${MAX_REPLY_DEPTH - 1}`,
      'p0',
    ]);
  });

  it('keeps a deleted post with a surviving reply (even through another deleted one) and skips one without', () => {
    const posts = [
      post('a', null, { deleted: true }),
      post('b', 'a', { deleted: true }),
      post('c', 'b'),
      post('d', null, { deleted: true }),
      post('e', 'd', { spam: true }),
    ];
    const sut = planOf(posts, true);

    expect(posts.map((each) => sut.fateOf(each).kind)).toEqual([
      'placeholder',
      'placeholder',
      'comment',
      'skip',
      'skip',
    ]);
  });

  it('moves a reply to the top level when its parent is missing, and cuts a reply cycle', () => {
    const posts = [post('x', 'missing'), post('y', 'z'), post('z', 'y')];
    const sut = planOf(posts);

    const fates = posts.map((each) => sut.fateOf(each));
    expect(fates[0]).toMatchObject({
      kind: 'comment',
      parentId: null,
      depth: 0,
      orphan: 'missing',
    });
    expect(fates.filter((fate) => fate.kind === 'comment' && fate.depth === 0)).toHaveLength(2);
  });

  it('counts a repeated id once and calls the repeat a duplicate', () => {
    const sut = planOf([post('a', null), post('a', null)]);

    expect(sut.fateOf(post('a', null)).kind).toBe('comment');
    expect(sut.fateOf(post('a', null)).kind).toBe('duplicate');
  });

  it('makes one author of posts sharing a username, or an email when they have no username', () => {
    const sut = planOf([
      post('a', null, { author: { username: 'Ann', email: 'ann@example.org', name: 'Ann' } }),
      post('b', null, { author: { username: 'ann', email: '', name: 'Ann B.' } }),
      post('c', null, { author: { username: '', email: 'ANN@example.org', name: 'A' } }),
      post('d', null, { author: { username: '', email: '', name: 'Ann' } }),
    ]);

    expect(sut.authors.map((author) => author.key)).toEqual(['username:ann', 'name:Ann']);
  });
});
