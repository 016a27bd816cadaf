import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const SECRET = 'x'.repeat(32);
const URL = 'https://moderation.example.org/parley';

function refusal(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).not.toMatch(/[\r\n]/);
    return message;
  }
  expect.fail(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('moderation hook configuration', () => {
  const sut = loadConfig;

  it('is off without PARLEY_MODERATION_HOOK_URL', () => {
    expect(sut({}).moderationHook).toBeUndefined();
  });

  it('takes a URL with its secret, a budget of 800 ms and a breaker of 5 failures and 30 s by default', () => {
    expect(
      sut({ PARLEY_MODERATION_HOOK_URL: URL, PARLEY_MODERATION_HOOK_SECRET: SECRET }).moderationHook,
    ).toEqual({
      url: URL,
      secret: SECRET,
      budgetMs: 800,
      breakerFailures: 5,
      breakerCooldownMs: 30_000,
    });
    expect(
      sut({
        PARLEY_MODERATION_HOOK_URL: URL,
        PARLEY_MODERATION_HOOK_SECRET: SECRET,
        PARLEY_MODERATION_HOOK_BUDGET_MS: '250',
        PARLEY_MODERATION_HOOK_BREAKER_FAILURES: '2',
        PARLEY_MODERATION_HOOK_BREAKER_COOLDOWN_MS: '1000',
      }).moderationHook,
    ).toMatchObject({ budgetMs: 250, breakerFailures: 2, breakerCooldownMs: 1000 });
  });

  it.each(['ftp://example.org/hook', 'not a url', 'moderation.example.org'])(
    'refuses the URL %j',
    (value) => {
      expect(refusal({ PARLEY_MODERATION_HOOK_URL: value, PARLEY_MODERATION_HOOK_SECRET: SECRET })).toMatch(
        /^Invalid configuration: PARLEY_MODERATION_HOOK_URL must be an http\(s\):\/\/ URL/,
      );
    },
  );

  it('needs a secret with a URL, and a URL with a secret', () => {
    expect(refusal({ PARLEY_MODERATION_HOOK_URL: URL })).toMatch(
      /^Invalid configuration: PARLEY_MODERATION_HOOK_SECRET must be set when PARLEY_MODERATION_HOOK_URL is/,
    );
    expect(refusal({ PARLEY_MODERATION_HOOK_SECRET: SECRET })).toMatch(
      /^Invalid configuration: PARLEY_MODERATION_HOOK_SECRET is set but PARLEY_MODERATION_HOOK_URL is not/,
    );
  });

  it('refuses a short secret without printing it', () => {
    const message = refusal({
      PARLEY_MODERATION_HOOK_URL: URL,
      PARLEY_MODERATION_HOOK_SECRET: 'short-secret',
    });
    expect(message).toMatch(
      /^Invalid configuration: PARLEY_MODERATION_HOOK_SECRET must be at least 32 characters/,
    );
    expect(message).not.toContain('short-secret');
  });

  it.each([
    ['PARLEY_MODERATION_HOOK_BUDGET_MS', '0'],
    ['PARLEY_MODERATION_HOOK_BUDGET_MS', '60000'],
    ['PARLEY_MODERATION_HOOK_BUDGET_MS', 'fast'],
    ['PARLEY_MODERATION_HOOK_BREAKER_FAILURES', '0'],
    ['PARLEY_MODERATION_HOOK_BREAKER_COOLDOWN_MS', '1.5'],
  ])('refuses %s=%j in one line naming it', (variable, value) => {
    expect(
      refusal({ PARLEY_MODERATION_HOOK_URL: URL, PARLEY_MODERATION_HOOK_SECRET: SECRET, [variable]: value }),
    ).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
  });
});
