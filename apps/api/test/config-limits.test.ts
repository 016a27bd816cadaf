import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { configError, expectOneLineNaming } from './support/config.js';

/** Limits, timeouts, the port and the database and Redis URLs: bad values are refused in one line. */
describe(loadConfig.name, () => {
  const sut = loadConfig;

  describe('PARLEY_SIGNUPS_PER_HOUR', () => {
    it('defaults to 5 accounts per address per hour', () => {
      expect(sut({}).signupsPerHour).toBe(5);
    });

    it.each(['0', '-3', '2.5', 'many', '1000001'])('rejects %j in one line naming it', (value) => {
      expectOneLineNaming(configError({ PARLEY_SIGNUPS_PER_HOUR: value }), 'PARLEY_SIGNUPS_PER_HOUR');
    });
  });

  describe.each([
    ['PARLEY_SOCKETS_PER_ADDRESS', 'socketsPerAddress', 100],
    ['PARLEY_STORIES_PER_HOUR', 'storiesPerHour', 30],
    ['PARLEY_SOCKET_EVENTS_PER_MINUTE', 'socketEventsPerMinute', 120],
  ] as const)('%s', (variable, key, fallback) => {
    it(`defaults to ${fallback}`, () => {
      expect(sut({})[key]).toBe(fallback);
    });

    it('accepts a whole number', () => {
      expect(sut({ [variable]: '5000' })[key]).toBe(5000);
    });

    it.each(['0', '-3', '2.5', 'many', '1000001'])('rejects %j in one line naming it', (value) => {
      expectOneLineNaming(configError({ [variable]: value }), variable);
    });
  });

  describe('PORT', () => {
    it.each(['abc', '80a', '3.5', '-1', '65536', 'NaN'])('rejects %j in one line naming PORT', (PORT) => {
      const error = configError({ PORT });

      expectOneLineNaming(error, 'PORT');
      expect(error.message).toContain(PORT);
    });

    it('accepts 0 (any free port, for tests)', () => {
      expect(sut({ PORT: '0' }).port).toBe(0);
    });
  });

  describe.each([
    ['DATABASE_CONNECT_TIMEOUT_MS', 100, 60_000],
    ['DATABASE_STATEMENT_TIMEOUT_MS', 100, 600_000],
    ['REDIS_COMMAND_TIMEOUT_MS', 50, 60_000],
  ])('%s', (variable, min, max) => {
    it.each([
      ['abc', 'must be a number of milliseconds'],
      ['1.5', 'must be a whole number of milliseconds'],
      [String(min - 1), `must be between ${min} and ${max}`],
      [String(max + 1), `must be between ${min} and ${max}`],
    ])('rejects %j in one line naming it', (value, message) => {
      const error = configError({ [variable]: value });

      expectOneLineNaming(error, variable);
      expect(error.message).toContain(message);
    });
  });

  describe('DATABASE_URL', () => {
    it.each(['nonsense', 'http://db.internal/parley', 'mysql://root@db/parley', '127.0.0.1:5432'])(
      'rejects %j in one line naming DATABASE_URL',
      (DATABASE_URL) => {
        const error = configError({ DATABASE_URL });

        expectOneLineNaming(error, 'DATABASE_URL');
        expect(error.message).toContain('postgres://');
      },
    );

    it.each([
      'mysql://parley:hunter22@db/parley',
      'postgres://parley:hunter22@db.internal:99999/parley',
      'postgres://parley:hunter22@:bad/parley',
    ])('never prints the password of %j', (DATABASE_URL) => {
      const error = configError({ DATABASE_URL });

      expectOneLineNaming(error, 'DATABASE_URL');
      expect(error.message).not.toContain('hunter22');
    });

    // Passwords with '/' or '@', or URLs without a scheme, must not leak either.
    it.each([
      'parley:hunter22@db.internal:5432/parley',
      'postgres://parley:hunt@er22@db.internal:bad/parley',
      'mysql://parley:hunt/er22@db/parley',
    ])('never prints any part of the password of %j', (DATABASE_URL) => {
      const error = configError({ DATABASE_URL });

      expect(error.message).not.toMatch(/hunt|er22/);
    });
  });

  describe('DATABASE_POOL_SIZE', () => {
    it.each(['0', 'many', '501'])('rejects %j', (DATABASE_POOL_SIZE) => {
      expectOneLineNaming(configError({ DATABASE_POOL_SIZE }), 'DATABASE_POOL_SIZE');
    });
  });

  describe('REDIS_URL', () => {
    it.each(['localhost:6379', 'http://127.0.0.1:6379', 'redis', 'tcp://127.0.0.1:6379'])(
      'rejects %j in one line naming REDIS_URL',
      (REDIS_URL) => {
        const error = configError({ REDIS_URL });

        expectOneLineNaming(error, 'REDIS_URL');
        expect(error.message).toContain('redis://');
      },
    );

    it('never prints a Redis password', () => {
      const error = configError({ REDIS_URL: 'http://default:hunter22@cache:6379' });

      expect(error.message).not.toContain('hunter22');
    });
  });
});
