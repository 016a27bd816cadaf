import { describe, expect, it } from 'vitest';
import { WordMatcher } from '../../settings/word-matcher.js';
import { screenEdit, type EditInput } from './pipeline.js';

// What an edit does to a comment's status: the rules a new comment meets, applied again.

describe(screenEdit.name, () => {
  const established = { role: 'reader', alwaysPremod: false, approvedCount: 5 } as const;

  function edit(overrides: Partial<EditInput> = {}): EditInput {
    return {
      body: 'A corrected remark',
      author: established,
      story: { premod: 'off' },
      current: { status: 'published', flags: [], matchedWords: [] },
      banned: new WordMatcher(['idiot']),
      suspect: new WordMatcher(['moron']),
      ...overrides,
    };
  }

  it('leaves the status alone for a clean edit', () => {
    expect(screenEdit(edit())).toBeNull();
  });

  it('rejects an edit that brings in a banned word', () => {
    expect(screenEdit(edit({ body: 'you idiot, you moron' }))).toEqual({
      status: 'rejected',
      flags: ['banned_word'],
      matchedWords: ['idiot'],
    });
  });

  it('holds an edit that brings in a suspect word', () => {
    expect(screenEdit(edit({ body: 'you moron' }))).toEqual({
      status: 'pending',
      flags: ['suspect_word'],
      matchedWords: ['moron'],
    });
  });

  it('holds a link only where the story holds links', () => {
    const body = 'see https://example.com';

    expect(screenEdit(edit({ body, story: { premod: 'links' } }))?.flags).toEqual(['link']);
    expect(screenEdit(edit({ body, story: { premod: 'off' } }))).toBeNull();
  });

  it('holds an approved comment again on a story that holds every comment', () => {
    const current: EditInput['current'] = { status: 'approved', flags: ['premod_all'], matchedWords: [] };

    expect(screenEdit(edit({ story: { premod: 'all' }, current }))).toEqual({
      status: 'pending',
      flags: ['premod_all'],
      matchedWords: [],
    });
  });

  it('holds the edit of an author still new in `new_users` mode, and not of an established one', () => {
    const story = { premod: 'new_users' } as const;

    expect(screenEdit(edit({ story, author: { ...established, approvedCount: 1 } }))?.flags).toEqual([
      'new_user',
    ]);
    expect(screenEdit(edit({ story }))).toBeNull();
  });

  it('holds the edit of an author under pre-moderation on any story', () => {
    expect(screenEdit(edit({ author: { ...established, alwaysPremod: true } }))?.flags).toEqual([
      'user_premod',
    ]);
  });

  it('sends a comment the pipeline held and a moderator approved back for review, with its old reasons', () => {
    const current: EditInput['current'] = {
      status: 'approved',
      flags: ['suspect_word'],
      matchedWords: ['moron'],
    };

    expect(screenEdit(edit({ current }))).toEqual({
      status: 'pending',
      flags: ['suspect_word'],
      matchedWords: ['moron'],
    });
  });

  it('leaves alone an approved comment nothing held, once the rules that held nothing still hold nothing', () => {
    expect(screenEdit(edit({ current: { status: 'approved', flags: [], matchedWords: [] } }))).toBeNull();
  });

  it.each(['moderator', 'admin'] as const)('does not screen a %s', (role) => {
    const author = { role, alwaysPremod: true, approvedCount: 0 };

    expect(screenEdit(edit({ body: 'quoting: idiot, moron', author, story: { premod: 'all' } }))).toBeNull();
  });
});
