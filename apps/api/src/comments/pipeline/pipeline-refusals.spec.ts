import { describe, expect, it } from 'vitest';
import { AppError } from '../../common/app-error.js';
import { refuse, refuseAuthor, type RefusalFacts } from './pipeline.js';

// What the pipeline refuses before anything is stored: who posts, where, how often, what again.

const NOW = new Date();

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
