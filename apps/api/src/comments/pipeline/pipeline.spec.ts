import type { ModerationFlag, PremodMode } from '@parley/db';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../common/app-error.js';
import {
  NEW_USER_APPROVED_THRESHOLD,
  checkBannedWords,
  checkHolds,
  moderate,
  refuse,
  refuseAuthor,
  screenEdit,
  type EditInput,
  type HoldFacts,
  type PipelineInput,
  type RefusalFacts,
} from './pipeline.js';
import { WordMatcher } from '../../settings/word-matcher.js';

const NOW = new Date();
const NONE = new WordMatcher([]);

function refusalFacts(overrides: Partial<RefusalFacts> = {}): RefusalFacts {
  return {
    author: { status: 'active', suspendedUntil: null },
    story: { commentsOpen: true },
    lastPostAt: null,
    repeated: false,
    postIntervalSeconds: 3,
    now: NOW,
    ...overrides,
  };
}

/** The AppError `work` throws (failing the test when it throws nothing or something else). */
function refusalOf(work: () => void): AppError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal, but the comment passed');
}

describe(refuse.name, () => {
  it('lets an active author post to an open story', () => {
    expect(() => refuse(refusalFacts())).not.toThrow();
  });

  it('refuses a banned author with auth/banned', () => {
    const error = refusalOf(() =>
      refuse(refusalFacts({ author: { status: 'banned', suspendedUntil: null } })),
    );

    expect(error.code).toBe('auth/banned');
    expect(error.status).toBe(403);
  });

  it('refuses a suspended author with comment/suspended, naming when the suspension ends', () => {
    const until = new Date(Date.now() + 3 * 3600_000);

    const error = refusalOf(() =>
      refuse(refusalFacts({ author: { status: 'suspended', suspendedUntil: until } })),
    );

    expect(error.code).toBe('comment/suspended');
    expect(error.status).toBe(403);
    expect(error.details).toEqual({ suspendedUntil: until.toISOString() });
    expect(error.message).toContain(until.toUTCString());
  });

  it('lets an author whose suspension has ended post again', () => {
    const until = new Date(Date.now() - 1000);

    expect(() =>
      refuse(refusalFacts({ author: { status: 'suspended', suspendedUntil: until } })),
    ).not.toThrow();
  });

  it('refuses a comment on a story whose comments are closed with comment/closed', () => {
    const error = refusalOf(() => refuse(refusalFacts({ story: { commentsOpen: false } })));

    expect(error.code).toBe('comment/closed');
    expect(error.status).toBe(403);
  });

  it.each([
    { sinceMs: 0, retryAfterSeconds: 3, wait: '3 seconds' },
    { sinceMs: 1000, retryAfterSeconds: 2, wait: '2 seconds' },
    { sinceMs: 1500, retryAfterSeconds: 2, wait: '2 seconds' },
    { sinceMs: 2999, retryAfterSeconds: 1, wait: '1 second' },
  ])(
    'refuses a post $sinceMs ms after the last one with comment/rate_limited, retryAfterSeconds $retryAfterSeconds',
    ({ sinceMs, retryAfterSeconds, wait }) => {
      const error = refusalOf(() => refuse(refusalFacts({ lastPostAt: new Date(NOW.getTime() - sinceMs) })));

      expect(error.code).toBe('comment/rate_limited');
      expect(error.status).toBe(429);
      expect(error.details).toEqual({ retryAfterSeconds });
      expect(error.message).toContain(`wait ${wait}.`);
    },
  );

  it.each([3000, 3001, 60_000])('lets a post %i ms after the last one through', (sinceMs) => {
    expect(() => refuse(refusalFacts({ lastPostAt: new Date(NOW.getTime() - sinceMs) }))).not.toThrow();
  });

  it('applies no interval when it is zero', () => {
    expect(() => refuse(refusalFacts({ lastPostAt: NOW, postIntervalSeconds: 0 }))).not.toThrow();
  });

  it('refuses the same text again with comment/repeated', () => {
    const error = refusalOf(() => refuse(refusalFacts({ repeated: true })));

    expect(error.code).toBe('comment/repeated');
    expect(error.status).toBe(409);
  });

  it('checks in order: banned, suspended, closed, interval, repeat', () => {
    const everything = refusalFacts({
      author: { status: 'banned', suspendedUntil: null },
      story: { commentsOpen: false },
      lastPostAt: NOW,
      repeated: true,
    });
    const suspended = { status: 'suspended' as const, suspendedUntil: new Date(Date.now() + 3600_000) };

    expect(refusalOf(() => refuse(everything)).code).toBe('auth/banned');
    expect(refusalOf(() => refuse({ ...everything, author: suspended })).code).toBe('comment/suspended');
    expect(
      refusalOf(() => refuse({ ...everything, author: { status: 'active', suspendedUntil: null } })).code,
    ).toBe('comment/closed');
    expect(
      refusalOf(() =>
        refuse({
          ...everything,
          author: { status: 'active', suspendedUntil: null },
          story: { commentsOpen: true },
        }),
      ).code,
    ).toBe('comment/rate_limited');
  });
});

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

describe(refuseAuthor.name, () => {
  it('lets an active author through', () => {
    expect(() => refuseAuthor({ status: 'active', suspendedUntil: null }, NOW)).not.toThrow();
  });

  it('refuses a banned author with auth/banned and a suspended one with comment/suspended', () => {
    const until = new Date(NOW.getTime() + 3600_000);

    expect(refusalOf(() => refuseAuthor({ status: 'banned', suspendedUntil: null }, NOW)).code).toBe(
      'auth/banned',
    );
    expect(refusalOf(() => refuseAuthor({ status: 'suspended', suspendedUntil: until }, NOW)).code).toBe(
      'comment/suspended',
    );
  });

  it('judges a suspension by the clock it is given', () => {
    const until = new Date(NOW.getTime() + 1000);

    expect(() =>
      refuseAuthor({ status: 'suspended', suspendedUntil: until }, new Date(until.getTime() + 1)),
    ).not.toThrow();
  });
});

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
