import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config.js';

/** Runs the sut and returns the ConfigError it threw; fails the test if it threw anything else or nothing. */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  expect.fail(`loadConfig accepted ${JSON.stringify(env)}`);
}

function expectOneLineNaming(error: ConfigError, variable: string): void {
  expect(error.message).not.toMatch(/[\r\n]/);
  expect(error.message).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
}

describe(loadConfig.name, () => {
  const sut = loadConfig;

  it('gives defaults that run the embedded single-node mode', () => {
    expect(sut({})).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      databasePoolSize: 10,
      databaseConnectTimeoutMs: 3000,
      databaseStatementTimeoutMs: 10_000,
      dataDir: './.parley-data',
      redisUrl: undefined,
      redisCommandTimeoutMs: 1000,
      admin: undefined,
      allowedOrigins: [],
      webDist: undefined,
      secureCookies: false,
      threadCacheTtlMs: 5000,
      threadCacheBytes: 64 * 1024 * 1024,
      lazyStories: true,
      storiesPerHour: 30,
      defaultStory: 'lavrov-west-balkans-bridgehead',
      outbox: {
        pollMs: 1000,
        concurrency: 10,
        leaseMs: 60_000,
        maxAttempts: 8,
        backoffBaseMs: 5000,
        backoffMaxMs: 3_600_000,
        drainMs: 5000,
      },
    });
  });

  it('reads the outbox settings and refuses a lease shorter than a second', () => {
    expect(
      sut({ PARLEY_OUTBOX_POLL_MS: '250', PARLEY_OUTBOX_MAX_ATTEMPTS: '3', PARLEY_OUTBOX_LEASE_MS: '5000' })
        .outbox,
    ).toMatchObject({ pollMs: 250, maxAttempts: 3, leaseMs: 5000 });
    expect(() => sut({ PARLEY_OUTBOX_LEASE_MS: '10' })).toThrow(
      'Invalid configuration: PARLEY_OUTBOX_LEASE_MS must be between 1000 and 3600000 (milliseconds) (got "10")',
    );
  });

  it('treats an empty variable as unset', () => {
    const empty = sut({
      PORT: '',
      HOST: '',
      DATABASE_URL: '',
      DATABASE_POOL_SIZE: '',
      DATABASE_CONNECT_TIMEOUT_MS: '',
      DATABASE_STATEMENT_TIMEOUT_MS: '',
      PARLEY_DATA_DIR: '',
      REDIS_URL: '',
      REDIS_COMMAND_TIMEOUT_MS: '',
      PARLEY_ADMIN: '',
      PARLEY_ORIGINS: '',
      PARLEY_WEB_DIST: '',
      PARLEY_SECURE_COOKIES: '',
      PARLEY_SIGNUPS_PER_HOUR: '',
      PARLEY_SOCKETS_PER_ADDRESS: '',
      PARLEY_SOCKET_EVENTS_PER_MINUTE: '',
      PARLEY_SSO_SECRET: '',
      PARLEY_LAZY_STORIES: '',
      PARLEY_STORIES_PER_HOUR: '',
      PARLEY_DEFAULT_STORY: '',
      PARLEY_DEFAULT_LOCALE: '',
    });

    expect(empty).toEqual(sut({}));
  });

  it('reads every variable it documents', () => {
    expect(
      sut({
        PORT: '8080',
        HOST: '127.0.0.1',
        DATABASE_URL: 'postgres://parley:secret@db.internal:5433/parley',
        DATABASE_POOL_SIZE: '25',
        DATABASE_CONNECT_TIMEOUT_MS: '1500',
        DATABASE_STATEMENT_TIMEOUT_MS: '30000',
        PARLEY_DATA_DIR: '/var/lib/parley',
        REDIS_URL: 'rediss://cache.internal:6380',
        REDIS_COMMAND_TIMEOUT_MS: '250',
        PARLEY_ADMIN: 'root:correct horse battery',
        PARLEY_ORIGINS: ' https://news.example , https://www.news.example,',
        PARLEY_WEB_DIST: '/srv/web',
        PARLEY_SECURE_COOKIES: 'true',
        PARLEY_SIGNUPS_PER_HOUR: '50',
        PARLEY_SOCKETS_PER_ADDRESS: '20',
        PARLEY_SOCKET_EVENTS_PER_MINUTE: '30',
        PARLEY_THREAD_CACHE_TTL_MS: '0',
        PARLEY_THREAD_CACHE_MB: '50',
        PARLEY_LAZY_STORIES: 'false',
        PARLEY_STORIES_PER_HOUR: '12',
        PARLEY_DEFAULT_STORY: 'front-page',
        PARLEY_DEFAULT_LOCALE: 'sr-Latn',
      }),
    ).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgres://parley:secret@db.internal:5433/parley',
      databasePoolSize: 25,
      databaseConnectTimeoutMs: 1500,
      databaseStatementTimeoutMs: 30_000,
      dataDir: '/var/lib/parley',
      redisUrl: 'rediss://cache.internal:6380',
      redisCommandTimeoutMs: 250,
      admin: { username: 'root', password: 'correct horse battery' },
      allowedOrigins: ['https://news.example', 'https://www.news.example'],
      webDist: '/srv/web',
      secureCookies: true,
      signupsPerHour: 50,
      socketsPerAddress: 20,
      socketEventsPerMinute: 30,
      threadCacheTtlMs: 0,
      threadCacheBytes: 50 * 1024 * 1024,
      lazyStories: false,
      storiesPerHour: 12,
      defaultStory: 'front-page',
      defaultLocale: 'sr-Latn',
    });
  });

  describe('PARLEY_LAZY_STORIES', () => {
    it.each(['yes', 'off', '0'])('rejects %j in one line naming it', (value) => {
      expectOneLineNaming(configError({ PARLEY_LAZY_STORIES: value }), 'PARLEY_LAZY_STORIES');
    });
  });

  describe('PARLEY_DEFAULT_LOCALE', () => {
    it.each(['pt', 'sr', 'EN'])('rejects %j in one line naming it and the choices', (value) => {
      const message = configError({ PARLEY_DEFAULT_LOCALE: value });
      expectOneLineNaming(message, 'PARLEY_DEFAULT_LOCALE');
      expect(message.message).toContain('sr-Latn');
    });
  });

  describe('PARLEY_COMMIT', () => {
    it('keeps a commit hash, in lower case', () => {
      expect(sut({ PARLEY_COMMIT: 'ABCDEF1234' }).commit).toBe('abcdef1234');
      expect(sut({}).commit).toBeUndefined();
    });

    it.each(['main', 'abc', 'v1.2.3', '0123456789abcdef0123456789abcdef012345678'])(
      'rejects %j in one line naming it',
      (value) => {
        expectOneLineNaming(configError({ PARLEY_COMMIT: value }), 'PARLEY_COMMIT');
      },
    );
  });

  it('accepts postgresql:// as well as postgres://', () => {
    expect(sut({ DATABASE_URL: 'postgresql://u@h/db' }).databaseUrl).toBe('postgresql://u@h/db');
  });

  describe('PARLEY_ORIGINS', () => {
    it('lists host sites and Parley’s own origin', () => {
      expect(
        sut({ PARLEY_ORIGINS: 'https://news.example.org, http://127.0.0.1:8080' }).allowedOrigins,
      ).toEqual(['https://news.example.org', 'http://127.0.0.1:8080']);
    });

    it.each([
      'news.example.org',
      'https://news.example.org/',
      'https://news.example.org/world',
      'ftp://x.example',
    ])('rejects %j in one line naming it, with an example', (value) => {
      const error = configError({ PARLEY_ORIGINS: value });

      expectOneLineNaming(error, 'PARLEY_ORIGINS');
      expect(error.message).toContain('e.g. https://');
    });
  });

  describe('PARLEY_SSO_SECRET', () => {
    const secret = 's'.repeat(32);

    it('is off by default, takes one secret, or two during a rotation', () => {
      expect(sut({}).ssoSecrets).toEqual([]);
      expect(sut({ PARLEY_SSO_SECRET: secret }).ssoSecrets).toEqual([secret]);
      expect(sut({ PARLEY_SSO_SECRET: `${secret}, ${'t'.repeat(40)}` }).ssoSecrets).toEqual([
        secret,
        't'.repeat(40),
      ]);
    });

    it.each([
      ['hunter2-is-too-short', 'at least 32 characters'],
      [`${secret},hunter2-is-too-short`, 'at least 32 characters'],
      [`${secret},${secret}x,${secret}y`, 'at most two secrets'],
    ])('rejects %j in one line naming it, never printing the secret', (value, message) => {
      const error = configError({ PARLEY_SSO_SECRET: value });

      expectOneLineNaming(error, 'PARLEY_SSO_SECRET');
      expect(error.message).toContain(message);
      expect(error.message).not.toMatch(/hunter2|sss/);
    });
  });

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

  describe('PARLEY_ADMIN', () => {
    it('splits username:password at the first colon; the password may hold colons', () => {
      expect(sut({ PARLEY_ADMIN: 'chief:pa:ss:wo:rd' }).admin).toEqual({
        username: 'chief',
        password: 'pa:ss:wo:rd',
      });
    });

    it.each(['chief', 'chief:short', 'ab:long enough', 'bad name:long enough', ':long enough'])(
      'rejects %j without echoing it',
      (PARLEY_ADMIN) => {
        const error = configError({ PARLEY_ADMIN });

        expectOneLineNaming(error, 'PARLEY_ADMIN');
        expect(error.message).toContain('username:password');
        expect(error.message).not.toContain(PARLEY_ADMIN);
      },
    );
  });

  describe('PARLEY_SECURE_COOKIES', () => {
    it.each(['yes', '1', 'TRUE'])('rejects %j', (PARLEY_SECURE_COOKIES) => {
      expectOneLineNaming(configError({ PARLEY_SECURE_COOKIES }), 'PARLEY_SECURE_COOKIES');
    });
  });

  it('names the first bad variable when several are wrong', () => {
    expectOneLineNaming(configError({ PORT: 'abc', DATABASE_URL: 'nonsense' }), 'PORT');
  });

  // The raw value is escaped, so a newline in it cannot split the message or forge a log line.
  it('stays on one line whatever the value holds', () => {
    expectOneLineNaming(configError({ PORT: 'abc\nlooks like another log line' }), 'PORT');
  });
});
