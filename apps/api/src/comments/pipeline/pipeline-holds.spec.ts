import type { ModerationFlag, PremodMode } from '@parley/db';
import { describe, expect, it } from 'vitest';
import { WordMatcher } from '../../settings/word-matcher.js';
import {
  NEW_USER_APPROVED_THRESHOLD,
  checkBannedWords,
  checkHolds,
  moderate,
  type HoldFacts,
  type PipelineInput,
} from './pipeline.js';

// What becomes of a new comment: published, held for a moderator (and why), or rejected.

const NONE = new WordMatcher([]);

describe(checkBannedWords.name, () => {
  const banned = new WordMatcher(['idiot', 'ass', 'shut up']);

  it('passes a clean comment', () => {
    expect(checkBannedWords('A perfectly civil remark.', banned)).toBeNull();
  });

  it('rejects a comment with a banned word, flagged banned_word, with the fragment as written', () => {
    expect(checkBannedWords('What an IDIOT.', banned)).toEqual({
      status: 'rejected',
      flags: ['banned_word'],
      matchedWords: ['IDIOT'],
    });
  });

  it('matches whole words only: "class" does not contain "ass"', () => {
    expect(checkBannedWords('A class act, a bass line, an assessment.', banned)).toBeNull();
  });

  it('matches regardless of case and accents: "Ídiot" is "idiot"', () => {
    expect(checkBannedWords('Quel Ídiot', banned)?.matchedWords).toEqual(['Ídiot']);
  });

  it('matches multi-word phrases', () => {
    expect(checkBannedWords('Oh, Shut Up already', banned)?.matchedWords).toEqual(['Shut Up']);
  });

  it('lists every matched fragment', () => {
    expect(checkBannedWords('shut up, you ass, you idiot', banned)?.matchedWords).toEqual([
      'shut up',
      'ass',
      'idiot',
    ]);
  });

  it('finishes a 5000-character adversarial comment against a 5000-entry list in bounded time', () => {
    const list = new WordMatcher(
      Array.from(
        { length: 5000 },
        (_, index) => `${'x'.repeat((index % 50) + 1)}${index % 7 === 0 ? ' y' : 'z'}`,
      ),
    );
    const body = `${'x '.repeat(2499)}x`;

    const started = performance.now();
    const verdict = checkBannedWords(body, list);
    const elapsed = performance.now() - started;

    expect(verdict).toBeNull();
    // A behaviour bound, not a benchmark.
    expect(elapsed).toBeLessThan(500);
  });
});

function holdFacts(premod: PremodMode, author: Partial<HoldFacts['author']> = {}): HoldFacts {
  return { author: { alwaysPremod: false, approvedCount: 10, ...author }, story: { premod } };
}

describe(checkHolds.name, () => {
  const suspect = new WordMatcher(['moron', 'scam']);
  const LINK = 'Read https://example.com/page first';

  it('passes a plain comment by an established author on a story without pre-moderation', () => {
    expect(checkHolds('Nice story.', suspect, holdFacts('off'))).toBeNull();
  });

  it('holds a suspect word as suspect_word with the matched words', () => {
    expect(checkHolds('What a Moron', suspect, holdFacts('off'))).toEqual({
      status: 'pending',
      flags: ['suspect_word'],
      matchedWords: ['Moron'],
    });
  });

  it('holds a link as link in `links` mode', () => {
    expect(checkHolds(LINK, suspect, holdFacts('links'))).toEqual({
      status: 'pending',
      flags: ['link'],
      matchedWords: [],
    });
  });

  it.each(['off', 'new_users'] as const)('does not hold a link in `%s` mode', (premod) => {
    expect(checkHolds(LINK, suspect, holdFacts(premod))).toBeNull();
  });

  it('does not hold a comment without a link in `links` mode', () => {
    expect(checkHolds('No address here.', suspect, holdFacts('links'))).toBeNull();
  });

  it.each([0, NEW_USER_APPROVED_THRESHOLD - 1])(
    'holds an author with %i approved comments as new_user in `new_users` mode',
    (approvedCount) => {
      expect(checkHolds('Hello', suspect, holdFacts('new_users', { approvedCount }))).toEqual({
        status: 'pending',
        flags: ['new_user'],
        matchedWords: [],
      });
    },
  );

  it('treats fewer than 2 approved comments as new', () => {
    expect(NEW_USER_APPROVED_THRESHOLD).toBe(2);
  });

  it(`does not hold an author with ${NEW_USER_APPROVED_THRESHOLD} approved comments in \`new_users\` mode`, () => {
    expect(
      checkHolds('Hello', suspect, holdFacts('new_users', { approvedCount: NEW_USER_APPROVED_THRESHOLD })),
    ).toBeNull();
  });

  it.each(['off', 'links', 'all'] as const)('does not flag a new author new_user in `%s` mode', (premod) => {
    expect(checkHolds('Hello', suspect, holdFacts(premod, { approvedCount: 0 }))?.flags ?? []).not.toContain(
      'new_user',
    );
  });

  it('holds every comment as premod_all in `all` mode', () => {
    expect(checkHolds('Hello', suspect, holdFacts('all'))).toEqual({
      status: 'pending',
      flags: ['premod_all'],
      matchedWords: [],
    });
  });

  it('holds an author under pre-moderation as user_premod on any story', () => {
    expect(checkHolds('Hello', suspect, holdFacts('off', { alwaysPremod: true }))).toEqual({
      status: 'pending',
      flags: ['user_premod'],
      matchedWords: [],
    });
  });

  it('gives every reason at once', () => {
    const links = checkHolds(
      `scam alert: ${LINK}`,
      suspect,
      holdFacts('links', { alwaysPremod: true, approvedCount: 0 }),
    );
    const all = checkHolds(
      `scam alert: ${LINK}`,
      suspect,
      holdFacts('all', { alwaysPremod: true, approvedCount: 0 }),
    );
    const newUsers = checkHolds(
      'scam',
      suspect,
      holdFacts('new_users', { alwaysPremod: true, approvedCount: 0 }),
    );

    expect(links).toEqual({
      status: 'pending',
      flags: ['suspect_word', 'link', 'user_premod'],
      matchedWords: ['scam'],
    });
    expect(all?.flags).toEqual(['suspect_word', 'premod_all', 'user_premod'] satisfies ModerationFlag[]);
    expect(newUsers?.flags).toEqual(['suspect_word', 'new_user', 'user_premod'] satisfies ModerationFlag[]);
  });
});

describe(moderate.name, () => {
  function input(overrides: Partial<PipelineInput> = {}): PipelineInput {
    return {
      body: 'Hello there',
      author: { role: 'reader', alwaysPremod: false, approvedCount: 10 },
      story: { premod: 'off' },
      banned: new WordMatcher(['idiot']),
      suspect: new WordMatcher(['moron']),
      ...overrides,
    };
  }

  it('publishes a comment that nothing holds', () => {
    expect(moderate(input())).toEqual({ status: 'published', flags: [], matchedWords: [] });
  });

  it('rejects a banned word', () => {
    expect(moderate(input({ body: 'you idiot' }))).toEqual({
      status: 'rejected',
      flags: ['banned_word'],
      matchedWords: ['idiot'],
    });
  });

  it('holds a suspect word', () => {
    expect(moderate(input({ body: 'you moron' }))).toEqual({
      status: 'pending',
      flags: ['suspect_word'],
      matchedWords: ['moron'],
    });
  });

  it('lets a banned word beat every hold: rejected, with only the banned words', () => {
    const verdict = moderate(
      input({
        body: 'you idiot, you moron, https://example.com',
        author: { role: 'reader', alwaysPremod: true, approvedCount: 0 },
        story: { premod: 'all' },
      }),
    );

    expect(verdict).toEqual({ status: 'rejected', flags: ['banned_word'], matchedWords: ['idiot'] });
  });

  it.each(['moderator', 'admin'] as const)(
    'approves a %s at once, skipping banned words and holds',
    (role) => {
      const verdict = moderate(
        input({
          body: 'quoting a reader: idiot, moron, https://example.com',
          author: { role, alwaysPremod: true, approvedCount: 0 },
          story: { premod: 'all' },
        }),
      );

      expect(verdict).toEqual({ status: 'approved', flags: [], matchedWords: [] });
    },
  );

  it('works with empty word lists', () => {
    expect(moderate(input({ banned: NONE, suspect: NONE, body: 'idiot moron' })).status).toBe('published');
  });
});
